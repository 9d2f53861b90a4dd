package dev.tradeloom.catalog.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import org.jdbi.v3.core.Handle;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.tradeloom.catalog.CatalogCoreConfig;
import dev.tradeloom.catalog.domain.Attributes;
import dev.tradeloom.catalog.domain.Categories;
import dev.tradeloom.catalog.domain.Localized;
import dev.tradeloom.catalog.domain.Product;
import dev.tradeloom.catalog.domain.Products;
import dev.tradeloom.catalog.domain.Suppliers;
import dev.tradeloom.catalog.domain.Tags;
import dev.tradeloom.catalog.domain.Translated;
import dev.tradeloom.catalog.store.ProductSearchDao.Match;
import dev.tradeloom.platform.db.Database;
import dev.tradeloom.platform.db.Scope;
import dev.tradeloom.platform.db.Transactor;
import dev.tradeloom.platform.id.Uuid7;
import dev.tradeloom.platform.testing.Eventually;
import dev.tradeloom.platform.testing.TestPostgres;

/**
 * The search projection against real PostgreSQL, read as the service role: it holds exactly the
 * storefront-visible products whatever changes them, its text follows categories, tags and
 * translations, and the two relevance statements agree page by page.
 */
class ProductSearchDaoTest {
    private static final UUID NO_ID = new UUID(0, 0);

    private static Database db;
    private static Products products;

    @BeforeAll
    static void start() {
        db = Database.start(TestPostgres.newDatabase(CatalogCoreConfig.SCHEMA), CatalogCoreConfig.SCHEMA);
        products = new Products(db.transactor());
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    @Test
    void projection_holdsOnlyVisibleProducts_throughEveryChange() {
        final UUID tenant = supplier("Surat", true, 1);
        final Product live = products.create(tenant, draft(tenant, "Kanjivaram silk saree", "active", 2, 0), null);
        final Product draft = products.create(tenant, draft(tenant, "Draft silk saree", "draft", 2, 0), null);
        final Product soldOut = products.create(tenant, draft(tenant, "Sold silk saree", "active", 0, 0), null);
        final Product sized = products.create(tenant, draft(tenant, "Sized silk kurta", "active", 0, 4), null);
        assertThat(searchable(tenant)).containsExactlyInAnyOrder(live.row().id(), sized.row().id());

        // The variant's stock runs out: hidden. The product gets stock: shown.
        update(tenant, sized, row -> row, 0);
        update(tenant, soldOut, row -> withStock(row, 3), -1);
        update(tenant, draft, row -> withStatus(row, "archived"), -1);
        assertThat(searchable(tenant)).containsExactlyInAnyOrder(live.row().id(), soldOut.row().id());

        // The supplier is suspended in tenant-core: every product goes, and comes back with it.
        new Suppliers(db.transactor()).apply(List.of(supplierRow(tenant, "Surat", false, 2)), 2);
        assertThat(searchable(tenant)).isEmpty();
        new Suppliers(db.transactor()).apply(List.of(supplierRow(tenant, "Pune", true, 3)), 3);
        assertThat(searchable(tenant)).containsExactlyInAnyOrder(live.row().id(), soldOut.row().id());
        assertThat(hits(match("kanjivaram", "", "", "pune"), 10)).extracting(SearchHitRow::productId)
                                                                  .containsExactly(live.row().id());

        products.delete(tenant, live.row().id(), "");
        assertThat(searchable(tenant)).containsExactly(soldOut.row().id());
    }

    @Test
    void aProductSavedWhileItsSupplierFirstArrives_isInSearch_onceBothCommit() throws Exception {
        final UUID tenant = Uuid7.next();
        final ExecutorService saver = Executors.newSingleThreadExecutor();
        try (Handle arriving = db.jdbi().open()) {
            // The supplier's first sync, still open: its row is not visible to the product's save.
            arriving.begin();
            Transactor.actAs(arriving, Scope.tenant(tenant));
            arriving.attach(SupplierDao.class).upsert(supplierRow(tenant, "Surat", true, 1));
            final Future<Product> saved = saver.submit(
                    () -> products.create(tenant, draft(tenant, "Bandhani dupatta", "active", 2, -1), null));
            Eventually.await(Duration.ofSeconds(30), "the product's projection waits for the supplier",
                             () -> saved.isDone() || db.jdbi().withHandle(h -> h.createQuery("""
                                     select count(*) from pg_stat_activity
                                      where wait_event_type = 'Lock' and wait_event = 'advisory'""")
                                     .mapTo(Long.class).one()) == 1);
            arriving.commit();
            final Product product = saved.get(30, TimeUnit.SECONDS);
            assertThat(searchable(tenant)).containsExactly(product.row().id());
        } finally {
            saver.shutdownNow();
        }
    }

    @Test
    void searchRow_isWrittenOnlyWhenWhatItHoldsChanges() {
        final UUID tenant = supplier("Kochi", true, 20);
        final Product p = products.create(tenant, draft(tenant, "Kasavu saree", "active", 3, 5), null);
        final String written = rowVersion(p);

        // The variant runs out: recomputed, still shown through the product's own stock, the same row.
        update(tenant, p, row -> row, 0);
        assertThat(rowVersion(p)).isEqualTo(written);

        update(tenant, p, row -> withDescription(row, "Handwoven in Balaramapuram"), -1);
        assertThat(rowVersion(p)).isNotEqualTo(written);
        assertThat(ids(match("balaramapuram", "", "", ""))).containsExactly(p.row().id());
    }

    @Test
    void stockChange_recomputesTheProductOnlyWhenItRunsOutOrComesBack() {
        final UUID tenant = supplier("Kochi", true, 25);
        final UUID id = products.create(tenant, draft(tenant, "Kasavu dhoti", "active", 5, -1), null).row().id();

        assertThat(projectionsBy(tenant, h -> setStock(h, tenant, id, 4))).isZero();
        assertThat(projectionsBy(tenant, h -> setStock(h, tenant, id, 0))).isEqualTo(1);
        assertThat(searchable(tenant)).isEmpty();
        assertThat(projectionsBy(tenant, h -> setStock(h, tenant, id, 2))).isEqualTo(1);
        assertThat(searchable(tenant)).containsExactly(id);
    }

    @Test
    void savesThatKeepNamesAndVariantsAsTheyWere_recomputeNoProduct() {
        final UUID tenant = supplier("Jaipur", true, 35);
        final CategoryRow category = new Categories(db.transactor()).create(tenant, Translated.draft(
                new CategoryRow(tenant, NO_ID, null, "Dupattas", "", "", 0, Instant.now(), Instant.now()),
                List.of(new TranslationRow(NO_ID, "hi", "दुपट्टा", ""))), null).row();
        final TagRow tag = new Tags(db.transactor()).create(tenant, Translated.draft(
                new TagRow(tenant, NO_ID, "Festive", "", 0, Instant.now(), Instant.now()),
                List.of(new TranslationRow(NO_ID, "hi", "त्योहार", ""))), null).row();
        final TagRow bridal = new Tags(db.transactor()).create(tenant, Translated.draft(
                new TagRow(tenant, NO_ID, "Bridal", "", 0, Instant.now(), Instant.now()), List.of()), null).row();
        final Product plain = draft(tenant, "Bandhani dupatta", "active", 1, 4);
        final Product p = products.create(tenant, new Product(withCategory(plain.row(), category.id()),
                                                              plain.variants(), List.of(tag.id(), bridal.id()),
                                                              List.of(new TranslationRow(NO_ID, "hi", "बांधनी", "")),
                                                              plain.localized()), null);
        final VariantRow variant = p.variants().get(0);

        // What the saves of the category, the tag and the product write back when nothing changed.
        assertThat(projectionsBy(tenant, h -> {
            final TranslationDao translations = h.attach(TranslationDao.class);
            h.createUpdate("update categories set name = name, updated_at = now() where id = :id")
             .bind("id", category.id()).execute();
            translations.replace(TranslationDao.Kind.CATEGORY, tenant, category.id(),
                                 List.of(new TranslationRow(category.id(), "hi", "दुपट्टा", "")));
            h.createUpdate("update tags set name = name, updated_at = now() where id = :id")
             .bind("id", tag.id()).execute();
            translations.replace(TranslationDao.Kind.TAG, tenant, tag.id(),
                                 List.of(new TranslationRow(tag.id(), "hi", "त्योहार", "")));
            final ProductDao dao = h.attach(ProductDao.class);
            dao.parkVariantSkus(tenant, p.row().id());
            dao.upsertVariant(variant, variant.attributeKeys().toArray(String[]::new),
                              variant.attributeValues().toArray(String[]::new));
            dao.deleteTagsExcept(tenant, p.row().id(), new UUID[] { tag.id(), bridal.id() });
            dao.upsertTags(tenant, p.row().id(), new UUID[] { tag.id(), bridal.id() });
            translations.replace(TranslationDao.Kind.PRODUCT, tenant, p.row().id(),
                                 List.of(new TranslationRow(p.row().id(), "hi", "बांधनी", "")));
        })).isZero();

        // Tags in another order: moved, not recomputed (their order is not in the row).
        assertThat(projectionsBy(tenant, h -> h.attach(ProductDao.class).upsertTags(
                tenant, p.row().id(), new UUID[] { bridal.id(), tag.id() }))).isZero();
        final List<ProductTagRow> moved = db.transactor().inTenant(
                tenant, h -> h.attach(ProductDao.class).tags(tenant, List.of(p.row().id())));
        assertThat(moved).extracting(ProductTagRow::tagId).containsExactly(bridal.id(), tag.id());
        products.update(tenant, p.row().id(), "", current -> new Product(
                current.row(), current.variants(), List.of(tag.id()), current.translations(), current.localized()));
        assertThat(ids(match("bridal", "", "", ""))).isEmpty();
        assertThat(ids(match("festive", "", "", ""))).containsExactly(p.row().id());

        assertThat(projectionsBy(tenant, h -> h.attach(TranslationDao.class).replace(
                TranslationDao.Kind.CATEGORY, tenant, category.id(),
                List.of(new TranslationRow(category.id(), "hi", "चुन्नी", ""))))).isEqualTo(1);
        assertThat(ids(match("चुन्नी", "", "", ""))).containsExactly(p.row().id());
        assertThat(projectionsBy(tenant, h -> h.attach(TranslationDao.class).replace(
                TranslationDao.Kind.PRODUCT, tenant, p.row().id(),
                List.of(new TranslationRow(p.row().id(), "hi", "लहरिया", ""))))).isEqualTo(1);
        assertThat(ids(match("लहरिया", "", "", ""))).containsExactly(p.row().id());
    }

    @Test
    void queryInALanguage_isStemmedAsThatLanguage_asTextWrittenInIt_andAsEnglish() {
        final UUID paris = Uuid7.next();
        new Suppliers(db.transactor()).apply(
                List.of(new SupplierRow(paris, "s-45", "Maison 45", "Paris", "fr", true, 45)), 45);
        final UUID robe = products.create(paris, draft(paris, "Robe en soie brodée", "active", 2, -1), null)
                                  .row().id();
        final UUID surat = supplier("Surat", true, 46);
        final Product plain = draft(surat, "Embroidered silk saree", "active", 2, -1);
        final UUID saree = products.create(surat, new Product(
                plain.row(), plain.variants(), List.of(),
                List.of(new TranslationRow(NO_ID, "hi", "कढ़ाईदार रेशमी साड़ी", "")), plain.localized()), null)
                                   .row().id();

        // The supplier's base text is French: French stemming drops the article and the feminine ending.
        assertThat(ids(matchIn("robe de soie brodé", "fr-FR", paris))).containsExactly(robe);
        assertThat(ids(matchIn("robe de soie brodé", "", paris))).isEmpty();
        // The translation is Hindi: Hindi stemming finds the singular from the plural, and ranks it as a name.
        assertThat(hits(matchIn("साड़ियाँ", "hi", surat), 10)).extracting(SearchHitRow::productId, SearchHitRow::tier)
                                                         .containsExactly(tuple(saree, 3));
        assertThat(ids(matchIn("साड़ियाँ", "en", surat))).isEmpty();
        // A query in another language is read as English too, so English text is still found.
        assertThat(ids(matchIn("embroidered sarees", "fr", surat))).containsExactly(saree);
    }

    @Test
    void categoryFilter_findsProductsOfSubcategories_andFollowsCategoriesThatMove() {
        final UUID tenant = supplier("Varanasi", true, 50);
        final Categories categories = new Categories(db.transactor());
        final UUID sarees = category(categories, tenant, "Sarees", null);
        final UUID silk = category(categories, tenant, "Silk sarees", sarees);
        final UUID banarasi = category(categories, tenant, "Banarasi", silk);
        final UUID stoles = category(categories, tenant, "Stoles", null);
        final Product plain = draft(tenant, "Katan silk saree", "active", 1, -1);
        final UUID p = products.create(tenant, new Product(withCategory(plain.row(), banarasi), plain.variants(),
                                                           List.of(), List.of(), plain.localized()), null)
                               .row().id();

        for (UUID each : List.of(sarees, silk, banarasi)) {
            assertThat(ids(match("", "", each.toString(), ""))).containsExactly(p);
        }
        assertThat(ids(match("", "", stoles.toString(), ""))).isEmpty();

        // "Silk sarees" moves under "Stoles": its products leave "Sarees" and join "Stoles".
        categories.update(tenant, silk, "", current -> Translated.draft(withParent(current.row(), stoles),
                                                                          current.translations()));
        assertThat(ids(match("", "", sarees.toString(), ""))).isEmpty();
        assertThat(ids(match("katan", "", stoles.toString(), ""))).containsExactly(p);
        categories.update(tenant, silk, "", current -> Translated.draft(withParent(current.row(), null),
                                                                          current.translations()));
        assertThat(ids(match("", "", stoles.toString(), ""))).isEmpty();
        assertThat(ids(match("", "", silk.toString(), ""))).containsExactly(p);
    }

    @Test
    void categoryTranslations_readActingForNoTenant_areThoseOfActiveSuppliersOnly() {
        final Categories categories = new Categories(db.transactor());
        final UUID active = supplier("Pune", true, 70);
        final UUID suspended = supplier("Nagpur", false, 71);
        final UUID paithani = translatedCategory(categories, active, "Paithani", "पैठणी");
        final UUID himroo = translatedCategory(categories, suspended, "Himroo", "हिमरू");
        // The rows themselves are the tenants' only: a public read of the table sees none.
        final long visible = db.transactor().readPublic(
                h -> h.createQuery("select count(*) from category_translations").mapTo(Long.class).one());
        assertThat(visible).isZero();
        final List<TranslationRow> read = db.transactor().readPublic(
                h -> h.attach(ProductSearchDao.class).categoryTranslations(new UUID[] {paithani, himroo}));
        assertThat(read).containsExactly(new TranslationRow(paithani, "mr", "पैठणी", ""));
    }

    @Test
    void categoryFacets_countSubcategories_asTheFilterFinds_withTheirPlaceInTheTree_andFollowMovesAndRenames() {
        final UUID tenant = supplier("Kanchipuram", true, 60);
        final Categories categories = new Categories(db.transactor());
        final UUID clothing = category(categories, tenant, "Clothing", null);
        final UUID sarees = category(categories, tenant, "Sarees", clothing);
        final UUID silk = category(categories, tenant, "Silk sarees", sarees);
        final UUID stoles = category(categories, tenant, "Stoles", null);
        filedUnder(tenant, "Cotton saree", sarees);
        filedUnder(tenant, "Kanjivaram silk saree", silk);
        filedUnder(tenant, "Mysore silk saree", silk);
        filedUnder(tenant, "Pashmina stole", stoles);
        filedUnder(tenant, "Gift card", null);
        final Match all = match("", tenant.toString(), "", "");

        // "Clothing" holds products only through its subcategories.
        assertThat(categoryFacets(all)).containsExactlyInAnyOrder(
                new FacetRow("category", clothing.toString(), "Clothing", 3, "", 1, "en"),
                new FacetRow("category", sarees.toString(), "Sarees", 3, clothing.toString(), 2, "en"),
                new FacetRow("category", silk.toString(), "Silk sarees", 2, sarees.toString(), 3, "en"),
                new FacetRow("category", stoles.toString(), "Stoles", 1, "", 1, "en"));
        assertFacetsAgreeWithFilter(all);
        assertFacetsAgreeWithFilter(match("silk", tenant.toString(), "", ""));

        // "Silk sarees" moves under "Stoles": its products leave "Sarees" and "Clothing" and join "Stoles".
        categories.update(tenant, silk, "", current -> Translated.draft(withParent(current.row(), stoles),
                                                                          current.translations()));
        assertThat(categoryFacets(all)).containsExactlyInAnyOrder(
                new FacetRow("category", clothing.toString(), "Clothing", 1, "", 1, "en"),
                new FacetRow("category", sarees.toString(), "Sarees", 1, clothing.toString(), 2, "en"),
                new FacetRow("category", silk.toString(), "Silk sarees", 2, stoles.toString(), 2, "en"),
                new FacetRow("category", stoles.toString(), "Stoles", 3, "", 1, "en"));
        assertFacetsAgreeWithFilter(all);

        // A renamed category is named so in the counts of the products below it too.
        categories.update(tenant, stoles, "", current -> Translated.draft(withName(current.row(), "Wraps"),
                                                                           current.translations()));
        assertThat(categoryFacets(all)).containsExactlyInAnyOrder(
                new FacetRow("category", clothing.toString(), "Clothing", 1, "", 1, "en"),
                new FacetRow("category", sarees.toString(), "Sarees", 1, clothing.toString(), 2, "en"),
                new FacetRow("category", silk.toString(), "Silk sarees", 2, stoles.toString(), 2, "en"),
                new FacetRow("category", stoles.toString(), "Wraps", 3, "", 1, "en"));
        assertFacetsAgreeWithFilter(all);
    }

    @Test
    void supplierProfileSavedAsItWas_recomputesNoProduct() {
        final UUID tenant = supplier("Kochi", true, 30);
        products.create(tenant, draft(tenant, "Kasavu mundu", "active", 5, -1), null);
        products.create(tenant, draft(tenant, "Kasavu set saree", "active", 5, -1), null);

        assertThat(projectionsBy(tenant, h -> h.attach(SupplierDao.class).upsert(
                supplierRow(tenant, "Kochi", true, 30, 31)))).isZero();
        assertThat(projectionsBy(tenant, h -> h.attach(SupplierDao.class).upsert(
                supplierRow(tenant, "Thrissur", true, 30, 32)))).isEqualTo(2);
        assertThat(ids(match("kasavu", "", "", "thrissur"))).hasSize(2);
    }

    @Test
    void text_followsCategoriesTagsAndTranslations() {
        final UUID tenant = supplier("Jaipur", true, 10);
        final Categories categories = new Categories(db.transactor());
        final CategoryRow category = categories.create(tenant, Translated.draft(
                new CategoryRow(tenant, NO_ID, null, "Dupattas", "", "", 0, Instant.now(), Instant.now()),
                List.of()), null).row();
        final Tags tags = new Tags(db.transactor());
        final TagRow tag = tags.create(tenant, Translated.draft(
                new TagRow(tenant, NO_ID, "Festive", "", 0, Instant.now(), Instant.now()), List.of()), null).row();
        final Product plain = draft(tenant, "Bandhani stole", "active", 1, 0);
        final Product p = products.create(tenant, new Product(withCategory(plain.row(), category.id()),
                                                              plain.variants(), List.of(tag.id()),
                                                              List.of(new TranslationRow(NO_ID, "hi", "बांधनी", "")),
                                                              plain.localized()), null);
        assertThat(ids(match("dupattas", "", "", ""))).containsExactly(p.row().id());
        assertThat(ids(match("festive", "", "", ""))).containsExactly(p.row().id());
        assertThat(ids(match("बांधनी", "", "", ""))).containsExactly(p.row().id());

        categories.update(tenant, category.id(), "", c -> Translated.draft(
                new CategoryRow(tenant, category.id(), null, "Leheriya", "", "", 0, Instant.now(), Instant.now()),
                List.of()));
        tags.update(tenant, tag.id(), "", t -> Translated.draft(
                new TagRow(tenant, tag.id(), "Wedding", "", 0, Instant.now(), Instant.now()), List.of()));
        assertThat(ids(match("dupattas", "", "", ""))).isEmpty();
        assertThat(ids(match("festive", "", "", ""))).isEmpty();
        assertThat(ids(match("leheriya wedding", "", category.id().toString(), "jaipur")))
                .containsExactly(p.row().id());

        categories.delete(tenant, category.id(), "");
        assertThat(ids(match("leheriya", "", "", ""))).isEmpty();
        assertThat(ids(match("bandhani", "", "", ""))).containsExactly(p.row().id());
    }

    @Test
    void rankedFewAndRankedMany_giveTheSamePages() {
        final UUID tenant = supplier("Varanasi", true, 20);
        final List<String> names = List.of("Silk saree", "Cotton saree", "Silk dupatta", "Linen kurta",
                                           "Silk cotton blend saree", "Tussar saree", "Silk kurta", "Chanderi");
        for (int i = 0; i < names.size(); i++) {
            final Product d = draft(tenant, names.get(i), "active", 1, 0);
            // Every third product mentions silk only in its description: the lowest tier.
            final String description = i % 3 == 0 ? "Woven with pure silk zari" : "Handloom";
            products.create(tenant, new Product(withDescription(d.row(), description), d.variants(), d.tagIds(),
                                                d.translations(), d.localized()), null);
        }
        for (String query : List.of("silk", "saree", "silk -cotton", "\"silk saree\"", "kurta or dupatta")) {
            for (Match m : List.of(match(query, "", "", ""), match(query, tenant.toString(), "", "varanasi"))) {
                final List<UUID> few = new ArrayList<>();
                final List<UUID> many = new ArrayList<>();
                page(m, true, few);
                page(m, false, many);
                assertThat(many).as(query).isEqualTo(few).isNotEmpty().doesNotHaveDuplicates();
            }
        }
        final List<SearchHitRow> silk = hits(match("silk", tenant.toString(), "", ""), 20);
        assertThat(silk).extracting(SearchHitRow::tier).isSortedAccordingTo((a, b) -> b - a).contains(3, 1);
    }

    @Test
    void facets_countAtMostTheCap_andSuggestionsForgiveTypos() {
        final UUID tenant = supplier("Kolkata", true, 30);
        new Attributes(db.transactor()).create(tenant, Translated.draft(
                new AttributeRow(tenant, NO_ID, "fabric", "Fabric", "", "enum", List.of("Silk", "Cotton"), 0,
                                 Instant.now(), Instant.now()), List.of()), null);
        for (String name : List.of("Silk scarf", "Silk stole", "Silky shawl")) {
            final Product d = draft(tenant, name, "active", 1, 0);
            products.create(tenant, new Product(withFabric(d.row(), "Silk"), d.variants(), d.tagIds(),
                                                d.translations(), d.localized()), null);
        }
        final Match all = match("", tenant.toString(), "", "");
        final List<FacetRow> capped = db.transactor().readPublic(h -> h.attach(ProductSearchDao.class)
                                                                          .facets(all, 2));
        assertThat(capped).filteredOn(f -> f.facet().equals("total")).extracting(FacetRow::count).containsExactly(2L);
        final List<FacetRow> full = db.transactor().readPublic(h -> h.attach(ProductSearchDao.class)
                                                                        .facets(all, 100));
        assertThat(full).filteredOn(f -> f.facet().equals("city"))
                        .containsExactly(new FacetRow("city", "Kolkata", "Kolkata", 3));
        assertThat(full).filteredOn(f -> f.facet().equals("attribute"))
                        .containsExactly(new FacetRow("attribute", "fabric=Silk", "fabric=Silk", 3));

        db.transactor().readPublic(h -> h.attach(ProductSearchDao.class).refreshTerms());
        final List<TermRow> candidates = db.transactor().readPublic(h -> h.attach(ProductSearchDao.class)
                                                                              .suggestions("slik", "s", 50));
        assertThat(candidates).extracting(TermRow::term).contains("silk", "silky")
                                                       .doesNotContain("shawl", "scarf");
        final TermRow silk = candidates.stream().filter(t -> t.term().equals("silk")).findFirst().orElseThrow();
        assertThat(silk.products()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void attributeFiltersAndFacets_ignoreLetterCase() {
        final UUID enumFabric = supplier("Bhuj", true, 40);
        final UUID textFabric = supplier("BHUJ", true, 41);
        new Attributes(db.transactor()).create(enumFabric, Translated.draft(
                new AttributeRow(enumFabric, NO_ID, "fabric", "Fabric", "", "enum", List.of("Ajrakh Cotton"), 0,
                                 Instant.now(), Instant.now()), List.of()), null);
        new Attributes(db.transactor()).create(textFabric, Translated.draft(
                new AttributeRow(textFabric, NO_ID, "fabric", "Fabric", "", "text", List.of(), 0, Instant.now(),
                                 Instant.now()), List.of()), null);
        final List<UUID> cotton = new ArrayList<>();
        for (String name : List.of("Ajrakh stole", "Ajrakh dupatta", "Ajrakh saree")) {
            cotton.add(withFabric(enumFabric, name, "Ajrakh Cotton"));
        }
        cotton.add(withFabric(textFabric, "Ajrakh yardage", "AJRAKH COTTON"));
        withFabric(textFabric, "Ajrakh silk", "Ajrakh Silk");

        for (String filter : List.of("fabric=Ajrakh Cotton", "fabric=ajrakh cotton", "FABRIC=AJRAKH COTTON")) {
            final Match m = new Match("", "", "", "", "bhuj", Match.attributeLexemes(List.of(filter)), null, null,
                                      "");
            assertThat(ids(m)).as(filter).containsExactlyInAnyOrderElementsOf(cotton);
        }
        final List<FacetRow> facets = db.transactor().readPublic(h -> h.attach(ProductSearchDao.class).facets(
                match("", "", "", "Bhuj"), 100));
        assertThat(facets).filteredOn(f -> !f.facet().equals("category")).containsExactlyInAnyOrder(
                new FacetRow("attribute", "fabric=Ajrakh Cotton", "fabric=Ajrakh Cotton", 4),
                new FacetRow("attribute", "fabric=Ajrakh Silk", "fabric=Ajrakh Silk", 1),
                new FacetRow("city", "Bhuj", "Bhuj", 5),
                new FacetRow("total", "", "", 5));
    }

    @Test
    void rankedFewWithFacets_givesRankedFewsPagesAndTheFacetsCounts() {
        final UUID tenant = supplier("Chanderi", true, 50);
        new Attributes(db.transactor()).create(tenant, Translated.draft(
                new AttributeRow(tenant, NO_ID, "fabric", "Fabric", "", "text", List.of(), 0, Instant.now(),
                                 Instant.now()), List.of()), null);
        withFabric(tenant, "Chanderi silk saree", "Silk");
        withFabric(tenant, "Chanderi cotton saree", "Cotton");
        withFabric(tenant, "Chanderi silk dupatta", "Silk");
        withFabric(tenant, "Maheshwari silk stole", "Silk");
        withFabric(tenant, "Tussar kurta", "Tussar");

        final String supplier = tenant.toString();
        for (Match m : List.of(match("chanderi", supplier, "", ""), match("silk -stole", supplier, "", "chanderi"),
                               match("saree or stole", supplier, "", ""), match("brocade", supplier, "", ""))) {
            final List<FacetRow> facets = db.transactor().readPublic(h -> h.attach(ProductSearchDao.class)
                                                                              .facets(m, 100));
            Integer afterTier = null;
            UUID afterId = null;
            // Pages of two, and the empty page after the last, which still carries the counts.
            for (int page = 0; page < 4; page++) {
                final Integer tier = afterTier;
                final UUID id = afterId;
                final List<SearchHitRow> expected = db.transactor().readPublic(
                        h -> h.attach(ProductSearchDao.class).rankedFew(m, tier, id, 2));
                final List<HitOrFacet> rows = db.transactor().readPublic(
                        h -> h.attach(ProductSearchDao.class).rankedFewWithFacets(m, tier, id, 2, 100));

                assertThat(rows).as(m.query())
                                .allSatisfy(r -> assertThat(r.hit() == null).isNotEqualTo(r.facet() == null));
                assertThat(rows.stream().map(HitOrFacet::hit).filter(Objects::nonNull).toList()).as(m.query())
                        .isEqualTo(expected);
                assertThat(rows.stream().map(HitOrFacet::facet).filter(Objects::nonNull).toList()).as(m.query())
                        .containsExactlyInAnyOrderElementsOf(facets);
                if (expected.isEmpty()) {
                    break;
                }
                afterTier = expected.get(expected.size() - 1).tier();
                afterId = expected.get(expected.size() - 1).productId();
            }
        }
        final List<FacetRow> chanderiSilk = db.transactor().readPublic(h -> h.attach(ProductSearchDao.class)
                .facets(match("silk -stole", supplier, "", "chanderi"), 100));
        assertThat(chanderiSilk).filteredOn(f -> !f.facet().equals("category")).containsExactlyInAnyOrder(
                        new FacetRow("attribute", "fabric=Silk", "fabric=Silk", 2),
                        new FacetRow("city", "Chanderi", "Chanderi", 2),
                        new FacetRow("total", "", "", 2));
    }

    @Test
    void attributeDeletedOrValueNoLongerAllowed_leavesProductsSearchAndFacets() {
        final UUID tenant = supplier("Mangalagiri", true, 70);
        final Attributes attributes = new Attributes(db.transactor());
        final AttributeRow fabric = attribute(attributes, tenant, "fabric", "enum", List.of("Silk", "Cotton"));
        final AttributeRow occasion = attribute(attributes, tenant, "occasion", "text", List.of());
        final Product plain = draft(tenant, "Mangalagiri saree", "active", 1, -1);
        final UUID silk = products.create(tenant, new Product(
                withAttributes(plain.row(), List.of("fabric", "occasion"), List.of("Silk", "Festive")),
                List.of(new VariantRow(tenant, NO_ID, NO_ID, 0, plain.row().sku() + "-W", List.of("occasion"),
                                       List.of("Wedding"), null, 2)),
                List.of(), List.of(), plain.localized()), null).row().id();
        final UUID cotton = withFabric(tenant, "Mangalagiri dupatta", "Cotton");
        final Match all = match("", tenant.toString(), "", "");
        assertThat(attributeFacets(all)).containsExactlyInAnyOrder(
                "fabric=Silk", "fabric=Cotton", "occasion=Festive", "occasion=Wedding");

        // "Cotton" is no longer a fabric of this tenant: no product, filter, facet or search word holds it.
        attributes.update(tenant, fabric.id(), "", current -> Translated.draft(
                withAllowedValues(current.row(), List.of("Silk")), current.translations()));
        assertThat(products.get(tenant, cotton, "").row().attributeKeys()).isEmpty();
        assertThat(attributeFacets(all)).containsExactlyInAnyOrder(
                "fabric=Silk", "occasion=Festive", "occasion=Wedding");
        assertThat(ids(withAttribute(all, "fabric=Cotton"))).isEmpty();
        assertThat(ids(match("cotton", tenant.toString(), "", ""))).isEmpty();
        assertThat(ids(withAttribute(all, "fabric=Silk"))).containsExactly(silk);

        // The occasion attribute is deleted: gone from the product and its variant, and from search.
        final long version = products.get(tenant, silk, "").row().version();
        attributes.delete(tenant, occasion.id(), "");
        final Product kept = products.get(tenant, silk, "");
        assertThat(kept.row().attributeKeys()).containsExactly("fabric");
        assertThat(kept.row().attributeValues()).containsExactly("Silk");
        assertThat(kept.variants()).singleElement().satisfies(v -> assertThat(v.attributeKeys()).isEmpty());
        assertThat(kept.row().version()).isGreaterThan(version);
        assertThat(attributeFacets(all)).containsExactly("fabric=Silk");
        assertThat(ids(withAttribute(all, "occasion=Festive"))).isEmpty();
        assertThat(ids(match("wedding", tenant.toString(), "", ""))).isEmpty();
        assertThat(ids(match("mangalagiri", tenant.toString(), "", ""))).containsExactlyInAnyOrder(silk, cotton);
    }

    /** An active product of {@code tenant} filed under {@code category}; returns its id. */
    private static UUID filedUnder(UUID tenant, String name, @Nullable UUID category) {
        final Product d = draft(tenant, name, "active", 1, -1);
        return products.create(tenant, new Product(withCategory(d.row(), category), d.variants(), d.tagIds(),
                                                   d.translations(), d.localized()), null).row().id();
    }

    /** The attribute values counted for {@code m}. */
    private static List<String> attributeFacets(Match m) {
        return db.transactor().readPublic(h -> h.attach(ProductSearchDao.class).facets(m, 100)).stream()
                 .filter(f -> f.facet().equals("attribute")).map(FacetRow::value).toList();
    }

    private static Match withAttribute(Match m, String pair) {
        return new Match(m.query(), m.language(), m.supplier(), m.category(), m.city(),
                         Match.attributeLexemes(List.of(pair)), m.minPrice(), m.maxPrice(), m.currency());
    }

    private static AttributeRow attribute(Attributes attributes, UUID tenant, String key, String kind,
                                          List<String> allowed) {
        return attributes.create(tenant, Translated.draft(new AttributeRow(
                tenant, NO_ID, key, key, "", kind, allowed, 0, Instant.now(), Instant.now()), List.of()), null).row();
    }

    private static AttributeRow withAllowedValues(AttributeRow r, List<String> allowed) {
        return new AttributeRow(r.tenantId(), r.id(), r.key(), r.name(), r.description(), r.kind(), allowed,
                                r.version(), r.createdAt(), r.updatedAt());
    }

    /** The category counts of {@code m}, the same from both statements that count them. */
    private static List<FacetRow> categoryFacets(Match m) {
        final List<FacetRow> counted = db.transactor().readPublic(h -> h.attach(ProductSearchDao.class)
                                                                           .facets(m, 100));
        final List<HitOrFacet> withPage = db.transactor().readPublic(
                h -> h.attach(ProductSearchDao.class).rankedFewWithFacets(m, null, null, 1, 100));
        final List<FacetRow> categoryRows = counted.stream().filter(f -> f.facet().equals("category")).toList();
        assertThat(withPage.stream().map(HitOrFacet::facet).filter(Objects::nonNull)
                           .filter(f -> f.facet().equals("category")))
                .containsExactlyInAnyOrderElementsOf(categoryRows);
        return categoryRows;
    }

    /** Each category's count is what filtering {@code m} by the category finds. */
    private static void assertFacetsAgreeWithFilter(Match m) {
        final List<FacetRow> facets = categoryFacets(m);
        assertThat(facets).isNotEmpty();
        for (FacetRow facet : facets) {
            final Match filtered = new Match(m.query(), m.language(), m.supplier(), facet.value(), m.city(),
                                             m.attributes(), m.minPrice(), m.maxPrice(), m.currency());
            assertThat(ids(filtered)).as(facet.label()).hasSize((int) facet.count());
        }
    }

    /** An active product of {@code tenant} whose fabric is {@code fabric}; returns its id. */
    private static UUID withFabric(UUID tenant, String name, String fabric) {
        final Product d = draft(tenant, name, "active", 1, -1);
        return products.create(tenant, new Product(withFabric(d.row(), fabric), d.variants(), d.tagIds(),
                                                   d.translations(), d.localized()), null).row().id();
    }

    private static void page(Match m, boolean few, List<UUID> into) {
        Integer afterTier = null;
        UUID afterId = null;
        for (int guard = 0; guard < 20; guard++) {
            final Integer tier = afterTier;
            final UUID id = afterId;
            final List<SearchHitRow> rows = db.transactor().readPublic(h -> {
                final ProductSearchDao dao = h.attach(ProductSearchDao.class);
                return few ? dao.rankedFew(m, tier, id, 2) : dao.rankedMany(m, tier, id, 2);
            });
            rows.forEach(r -> into.add(r.productId()));
            if (rows.size() < 2) {
                return;
            }
            afterTier = rows.get(1).tier();
            afterId = rows.get(1).productId();
        }
    }

    /** The transaction id that wrote the product's search row last. */
    private static String rowVersion(Product p) {
        return db.transactor().readPublic(h -> h.createQuery(
                "select xmin::text from product_search where product_id = :id")
                .bind("id", p.row().id()).mapTo(String.class).one());
    }

    /** How many times {@code write}, in a transaction of {@code tenant}, recomputed a product. */
    private static long projectionsBy(UUID tenant, Consumer<Handle> write) {
        return db.transactor().inTenant(tenant, h -> {
            final long before = projectionCalls(h);
            write.accept(h);
            return projectionCalls(h) - before;
        });
    }

    /** Sets the stock alone, as an inventory sync would. */
    private static void setStock(Handle h, UUID tenant, UUID id, long stock) {
        h.createUpdate("""
                update products set stock = :stock, version = version + 1, updated_at = now()
                 where tenant_id = :tenant and id = :id""")
         .bind("stock", stock).bind("tenant", tenant).bind("id", id).execute();
    }

    /** Calls of project_product this session has not yet reported (none is reported within a transaction). */
    private static long projectionCalls(Handle h) {
        return h.createQuery("""
                select coalesce(sum(calls), 0) from pg_stat_xact_user_functions
                 where funcname = 'project_product'""").mapTo(Long.class).one();
    }

    private static List<SearchHitRow> hits(Match m, int limit) {
        return db.transactor().readPublic(h -> h.attach(ProductSearchDao.class).rankedFew(m, null, null, limit));
    }

    private static List<UUID> ids(Match m) {
        return db.transactor().readPublic(h -> h.attach(ProductSearchDao.class).newest(m, null, 50))
                 .stream().map(SearchHitRow::productId).toList();
    }

    private static List<UUID> searchable(UUID tenant) {
        return ids(match("", tenant.toString(), "", ""));
    }

    private static Match match(String query, String supplier, String category, String city) {
        return new Match(query, "", supplier, category, city, "", null, null, "");
    }

    private static Match matchIn(String query, String language, UUID supplier) {
        return new Match(query, language, supplier.toString(), "", "", "", null, null, "");
    }

    private static UUID supplier(String city, boolean active, long seq) {
        final UUID tenant = Uuid7.next();
        new Suppliers(db.transactor()).apply(List.of(supplierRow(tenant, city, active, seq)), seq);
        return tenant;
    }

    private static SupplierRow supplierRow(UUID tenant, String city, boolean active, long seq) {
        return supplierRow(tenant, city, active, seq, seq);
    }

    /** The supplier first stored at {@code seq}, as the feed reports it at {@code changeSeq}. */
    private static SupplierRow supplierRow(UUID tenant, String city, boolean active, long seq, long changeSeq) {
        return new SupplierRow(tenant, "s-" + seq, "Supplier " + seq, city, "en", active, changeSeq);
    }

    /** An active or other product with a variant (none when {@code variantStock} is negative). */
    private static Product draft(UUID tenant, String name, String status, long stock, long variantStock) {
        final Instant now = Instant.now();
        final String sku = "P-" + UUID.randomUUID().toString().substring(0, 8);
        final ProductRow row = new ProductRow(tenant, NO_ID, sku, sku.toLowerCase(java.util.Locale.ROOT), name, "",
                                              null, List.of(), List.of(), 1000, "INR", null, stock, status,
                                              List.of(), List.of(), List.of(), 0, now, now);
        final List<VariantRow> variants = variantStock < 0 ? List.of()
                : List.of(new VariantRow(tenant, NO_ID, NO_ID, 0, sku + "-V", List.of(), List.of(), null,
                                         variantStock));
        return new Product(row, variants, List.of(), List.of(), new Localized("", "", ""));
    }

    /** Stores {@code change} of the product; a variant stock of -1 leaves the variants as they are. */
    private static void update(UUID tenant, Product p, UnaryOperator<ProductRow> change, long variantStock) {
        products.update(tenant, p.row().id(), "", current -> new Product(
                change.apply(current.row()),
                variantStock < 0 ? current.variants()
                                 : current.variants().stream().map(v -> new VariantRow(
                                         v.tenantId(), v.id(), v.productId(), v.position(), v.sku(),
                                         v.attributeKeys(), v.attributeValues(), v.priceOverrideMinor(),
                                         variantStock)).toList(),
                current.tagIds(), current.translations(), current.localized()));
    }

    private static ProductRow withStock(ProductRow r, long stock) {
        return new ProductRow(r.tenantId(), r.id(), r.sku(), r.slug(), r.name(), r.description(), r.categoryId(),
                              r.attributeKeys(), r.attributeValues(), r.priceMinor(), r.currency(),
                              r.salePriceMinor(), stock, r.status(), r.imageUrls(), r.imageAltTexts(),
                              r.imageKeys(), r.version(), r.createdAt(), r.updatedAt());
    }

    private static ProductRow withStatus(ProductRow r, String status) {
        return new ProductRow(r.tenantId(), r.id(), r.sku(), r.slug(), r.name(), r.description(), r.categoryId(),
                              r.attributeKeys(), r.attributeValues(), r.priceMinor(), r.currency(),
                              r.salePriceMinor(), r.stock(), status, r.imageUrls(), r.imageAltTexts(),
                              r.imageKeys(), r.version(), r.createdAt(), r.updatedAt());
    }

    private static UUID category(Categories categories, UUID tenant, String name, @Nullable UUID parent) {
        return categories.create(tenant, Translated.draft(
                new CategoryRow(tenant, NO_ID, parent, name, "", "", 0, Instant.now(), Instant.now()), List.of()),
                                 null).row().id();
    }

    private static UUID translatedCategory(Categories categories, UUID tenant, String name, String marathi) {
        return categories.create(tenant, Translated.draft(
                new CategoryRow(tenant, NO_ID, null, name, "", "", 0, Instant.now(), Instant.now()),
                List.of(new TranslationRow(NO_ID, "mr", marathi, "Marathi"))), null).row().id();
    }

    private static CategoryRow withParent(CategoryRow r, @Nullable UUID parent) {
        return new CategoryRow(r.tenantId(), r.id(), parent, r.name(), r.description(), r.taxonomyId(), r.version(),
                               r.createdAt(), r.updatedAt());
    }

    private static CategoryRow withName(CategoryRow r, String name) {
        return new CategoryRow(r.tenantId(), r.id(), r.parentId(), name, r.description(), r.taxonomyId(),
                               r.version(), r.createdAt(), r.updatedAt());
    }

    private static ProductRow withCategory(ProductRow r, @Nullable UUID category) {
        return new ProductRow(r.tenantId(), r.id(), r.sku(), r.slug(), r.name(), r.description(), category,
                              r.attributeKeys(), r.attributeValues(), r.priceMinor(), r.currency(),
                              r.salePriceMinor(), r.stock(), r.status(), r.imageUrls(), r.imageAltTexts(),
                              r.imageKeys(), r.version(), r.createdAt(), r.updatedAt());
    }

    private static ProductRow withFabric(ProductRow r, String fabric) {
        return new ProductRow(r.tenantId(), r.id(), r.sku(), r.slug(), r.name(), r.description(), r.categoryId(),
                              List.of("fabric"), List.of(fabric), r.priceMinor(), r.currency(),
                              r.salePriceMinor(), r.stock(), r.status(), r.imageUrls(), r.imageAltTexts(),
                              r.imageKeys(), r.version(), r.createdAt(), r.updatedAt());
    }

    private static ProductRow withAttributes(ProductRow r, List<String> keys, List<String> values) {
        return new ProductRow(r.tenantId(), r.id(), r.sku(), r.slug(), r.name(), r.description(), r.categoryId(),
                              keys, values, r.priceMinor(), r.currency(), r.salePriceMinor(), r.stock(), r.status(),
                              r.imageUrls(), r.imageAltTexts(), r.imageKeys(), r.version(), r.createdAt(),
                              r.updatedAt());
    }

    private static ProductRow withDescription(ProductRow r, String description) {
        return new ProductRow(r.tenantId(), r.id(), r.sku(), r.slug(), r.name(), description, r.categoryId(),
                              r.attributeKeys(), r.attributeValues(), r.priceMinor(), r.currency(),
                              r.salePriceMinor(), r.stock(), r.status(), r.imageUrls(), r.imageAltTexts(),
                              r.imageKeys(), r.version(), r.createdAt(), r.updatedAt());
    }
}
