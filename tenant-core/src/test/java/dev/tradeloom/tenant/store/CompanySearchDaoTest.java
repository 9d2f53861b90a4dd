package dev.tradeloom.tenant.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;

import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.tradeloom.platform.api.Page;
import dev.tradeloom.platform.db.Database;
import dev.tradeloom.platform.db.DatabaseConfig;
import dev.tradeloom.platform.db.Scope;
import dev.tradeloom.platform.id.Uuid7;
import dev.tradeloom.platform.testing.TestPostgres;
import dev.tradeloom.tenant.TenantCoreConfig;
import dev.tradeloom.tenant.domain.Tenants;

class CompanySearchDaoTest {
    private static Database db;
    private static Tenants tenants;

    @BeforeAll
    static void start() {
        final DatabaseConfig config = TestPostgres.newDatabase(TenantCoreConfig.SCHEMA);
        db = Database.start(config, TenantCoreConfig.SCHEMA);
        tenants = new Tenants(db.transactor());
        add("Kaveri Weavers", "Silk sarees", "Kanchipuram", "supplier", "active", "Temple border sarees");
        add("Silk Route Traders", "Dress materials", "Surat", "supplier", "active", "Georgette and chiffon");
        add("Ganga Textiles", "Home textiles", "Varanasi", "both", "active", "Bedsheets woven from pure silk");
        add("Hidden Silk Co", "Silk sarees", "Surat", "supplier", "suspended", "Suspended by an operator");
        add("Mumbai Buyers", "Retail", "Mumbai", "buyer", "active", "We buy silk in bulk");
        for (int i = 0; i < 30; i++) {
            add("Cotton House " + i, "Cotton fabric", i % 2 == 0 ? "Tiruppur" : "Erode", "supplier", "active",
                "Combed cotton yarn");
        }
        // Search picks its statement from the planner's estimates, which need statistics.
        Jdbi.create(config.jdbcUrl(), config.migrationUser(), config.migrationPassword())
            .useHandle(h -> h.execute("analyze " + TenantCoreConfig.SCHEMA + ".company_search"));
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    @Test
    void profileSave_recomputesTheCompanyOnlyWhenASearchedFieldChanged_andWritesItOnlyWhenItsRowDid() {
        final UUID id = add("Noyyal Knits", "Knitwear", "Avinashi", "supplier", "active", "Jersey fabric");
        final String written = companyRowVersion(id);

        assertThat(refreshesBySave(id, "Jersey fabric")).isZero();
        assertThat(refreshesBySave(id, "JERSEY FABRIC")).isEqualTo(1); // the same words: the same row
        assertThat(companyRowVersion(id)).isEqualTo(written);

        assertThat(refreshesBySave(id, "Jersey and fleece")).isEqualTo(1);
        assertThat(companyRowVersion(id)).isNotEqualTo(written);
        assertThat(names(tenants.search("fleece", "", "", "", 10, "").items())).containsExactly("Noyyal Knits");
    }

    @Test
    void ranking_nameOutranksCategory_whichOutranksDescription_andHidesInactive() {
        final List<String> names = names(tenants.search("silk", "", "", "", 10, "").items());
        assertThat(names).startsWith("Silk Route Traders", "Kaveri Weavers");
        assertThat(names).contains("Ganga Textiles").doesNotContain("Hidden Silk Co");
        assertThat(names.indexOf("Kaveri Weavers")).isLessThan(names.indexOf("Ganga Textiles"));
    }

    @Test
    void filters_kindCityCategory_areApplied_andBothCountsAsSupplier() {
        assertThat(names(tenants.search("silk", "supplier", "", "", 10, "").items()))
                .contains("Ganga Textiles").doesNotContain("Mumbai Buyers");
        assertThat(names(tenants.search("silk", "", "surat", "", 10, "").items()))
                .containsExactly("Silk Route Traders");
        assertThat(names(tenants.search("", "", "", "silk sarees", 10, "").items()))
                .containsExactly("Kaveri Weavers");
    }

    @Test
    void webSearchSyntax_excludesAndOrs() {
        assertThat(names(tenants.search("silk -georgette", "", "", "", 10, "").items()))
                .doesNotContain("Silk Route Traders").contains("Kaveri Weavers");
        assertThat(names(tenants.search("kanchipuram or varanasi", "", "", "", 10, "").items()))
                .containsExactlyInAnyOrder("Kaveri Weavers", "Ganga Textiles");
    }

    @Test
    void paging_rankedAndBrowsing_neitherRepeatsNorSkips() {
        for (String query : List.of("cotton", "")) {
            final Set<UUID> seen = new HashSet<>();
            final List<String> order = new ArrayList<>();
            String token = "";
            int pages = 0;
            do {
                final Page<CompanySearchDao.Hit> page = tenants.search(query, "", "", "cotton fabric", 7, token);
                page.items().forEach(hit -> {
                    assertThat(seen.add(hit.tenant().id())).as("repeat in '%s'", query).isTrue();
                    order.add(hit.tenant().name());
                });
                token = page.nextPageToken();
                pages++;
            } while (!token.isEmpty());
            assertThat(seen).as(query).hasSize(30);
            assertThat(pages).isEqualTo(5);
        }
    }

    @Test
    void rankedFewAndRankedMany_giveTheSamePages() {
        final List<List<String>> searches = List.of(
                List.of("silk", "", "", ""), List.of("cotton", "supplier", "erode", ""),
                List.of("silk -georgette", "", "", ""), List.of("kanchipuram or varanasi", "", "", ""),
                List.of("silk", "", "Surat", "dress materials"), List.of("silk", "buyer", "", ""),
                List.of("cotton yarn", "", "", "cotton fabric"));
        for (List<String> s : searches) {
            final List<UUID> few = allPages((tier, id) -> db.jdbi().withExtension(CompanySearchDao.class, dao ->
                    dao.rankedFew(s.get(0), s.get(1), s.get(2), s.get(3), tier, id, 4)));
            final List<UUID> many = allPages((tier, id) -> db.jdbi().withExtension(CompanySearchDao.class, dao ->
                    dao.rankedMany(s.get(0), s.get(1), s.get(2), s.get(3), tier, id, 4)));
            assertThat(few).as("%s", s).isNotEmpty().isEqualTo(many);
        }
    }

    @Test
    void aQueryOfStopWordsAlone_matchesNothing_withFiltersAsWithout() {
        for (String query : List.of("the", "and of the")) {
            assertThat(tenants.search(query, "", "", "", 10, "").items()).as(query).isEmpty();
            assertThat(tenants.search(query, "", "erode", "", 10, "").items()).as(query).isEmpty();
            assertThat(tenants.search(query, "supplier", "", "cotton fabric", 10, "").items()).as(query).isEmpty();
            final List<CompanySearchDao.Hit> few = db.jdbi().withExtension(CompanySearchDao.class, dao ->
                    dao.rankedFew(query, "", "erode", "", null, null, 10));
            final List<CompanySearchDao.Hit> many = db.jdbi().withExtension(CompanySearchDao.class, dao ->
                    dao.rankedMany(query, "", "erode", "", null, null, 10));
            assertThat(few).as(query).isEmpty();
            assertThat(many).as(query).isEmpty();
        }
    }

    @Test
    void estimateMatches_followsTheTermsAndFilters() {
        final long cotton = db.jdbi().withExtension(CompanySearchDao.class,
                                                    dao -> dao.estimateMatches("cotton", "", "", ""));
        final long cottonInErode = db.jdbi().withExtension(CompanySearchDao.class,
                                                           dao -> dao.estimateMatches("cotton", "", "Erode", ""));
        assertThat(cotton).isGreaterThan(cottonInErode).isPositive();
    }

    /** Follows pages of 4 by (tier, id) to the end. */
    private static List<UUID> allPages(
            BiFunction<Integer, UUID, List<CompanySearchDao.Hit>> page) {
        final List<UUID> ids = new ArrayList<>();
        Integer tier = null;
        UUID after = null;
        while (true) {
            final List<CompanySearchDao.Hit> hits = page.apply(tier, after);
            hits.forEach(hit -> ids.add(hit.tenant().id()));
            if (hits.size() < 4) {
                return ids;
            }
            tier = (int) hits.get(3).rank();
            after = hits.get(3).tenant().id();
        }
    }

    private static List<String> names(List<CompanySearchDao.Hit> hits) {
        return hits.stream().map(h -> h.tenant().name()).toList();
    }

    private static UUID add(String name, String category, String city, String kind, String status,
                            String description) {
        final UUID id = Uuid7.next();
        db.transactor().inTransaction(new Scope(id, null), h -> h.createUpdate("""
                insert into tenants (id, slug, kind, name, category, city, description, created_by, status)
                values (:id, :slug, :kind, :name, :category, :city, :description, :id, :status)""")
                .bind("id", id).bind("slug", "s-" + id).bind("kind", kind).bind("name", name)
                .bind("category", category).bind("city", city).bind("description", description)
                .bind("status", status).execute());
        return id;
    }

    /** The transaction id that wrote the tenant's company-search row last. */
    private static String companyRowVersion(UUID id) {
        return db.transactor().inTransaction(new Scope(id, null), h -> h.createQuery(
                "select xmin::text from company_search where tenant_id = :id").bind("id", id).mapTo(String.class).one());
    }

    /** How many times saving the tenant's profile with {@code description} recomputed its company-search row. */
    private static long refreshesBySave(UUID id, String description) {
        return db.transactor().inTransaction(new Scope(id, null), h -> {
            final String calls = """
                    select coalesce(sum(calls), 0) from pg_stat_xact_user_functions
                     where funcname = 'refresh_company_search'""";
            final long before = h.createQuery(calls).mapTo(Long.class).one();
            // As a profile save writes: every editable column, the searched ones too.
            h.createUpdate("""
                    update tenants set name = name, kind = kind, category = category, city = city,
                                       description = :description, phone = '+91 98400 12345',
                                       version = version + 1, updated_at = now()
                     where id = :id""").bind("id", id).bind("description", description).execute();
            return h.createQuery(calls).mapTo(Long.class).one() - before;
        });
    }
}
