package dev.tradeloom.catalog.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.tradeloom.catalog.CatalogCoreConfig;
import dev.tradeloom.catalog.domain.Attributes;
import dev.tradeloom.catalog.domain.Categories;
import dev.tradeloom.catalog.domain.Localized;
import dev.tradeloom.catalog.domain.MetaFeeds;
import dev.tradeloom.catalog.domain.Product;
import dev.tradeloom.catalog.domain.Products;
import dev.tradeloom.catalog.domain.Suppliers;
import dev.tradeloom.catalog.domain.Tags;
import dev.tradeloom.catalog.domain.Translated;
import dev.tradeloom.platform.db.Database;
import dev.tradeloom.platform.db.Scope;
import dev.tradeloom.platform.id.Uuid7;
import dev.tradeloom.platform.testing.TestPostgres;
import dev.tradeloom.platform.storage.ImageSize;

/**
 * Queries that forget the tenant filter, run as the service role acting for tenant A, see nothing of
 * tenant B in any tenant-scoped table, even where B's rows are public on the storefront; acting for
 * no tenant, only storefront-visible rows are seen.
 */
class RowLevelSecurityTest {
    /** Every tenant-scoped table of the schema. {@code sync_cursors} is the service's own and global. */
    private static final List<String> TENANT_TABLES = List.of(
            "suppliers", "categories", "category_translations", "tags", "tag_translations", "attributes",
            "attribute_translations", "products", "product_variants", "product_tags", "product_translations",
            "images", "image_uploads", "meta_feeds");

    /** When the seeded pending uploads' URLs expired. */
    private static final Instant EXPIRED = Instant.parse("2026-01-01T00:00:00Z");

    private static Database db;
    private static UUID tenantA;
    private static UUID tenantB;
    private static Map<UUID, Product> drafts;

    @BeforeAll
    static void start() {
        db = Database.start(TestPostgres.newDatabase(CatalogCoreConfig.SCHEMA), CatalogCoreConfig.SCHEMA);
        tenantA = Uuid7.next();
        tenantB = Uuid7.next();
        new Suppliers(db.transactor()).apply(List.of(supplier(tenantA, 1), supplier(tenantB, 2)), 2);
        drafts = Map.of(tenantA, seed(tenantA), tenantB, seed(tenantB));
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    @Test
    void everyTenantTable_hasForcedRowLevelSecurity() {
        final List<String> unprotected = db.jdbi().withHandle(h -> h.createQuery("""
                select relname from pg_class
                where relnamespace = 'catalog'::regnamespace and relkind = 'r'
                  -- Migration histories, and the platform's job queue (global, no tenant rows).
                  and relname not in ('flyway_schema_history', 'platform_schema_history', 'jobs')
                  and not (relrowsecurity and relforcerowsecurity)""").mapTo(String.class).list());
        assertThat(unprotected).isEmpty();
        final String role = db.jdbi().withHandle(h -> h.createQuery(
                "select rolname || ':' || rolbypassrls || ':' || rolsuper from pg_roles where rolname = current_user")
                .mapTo(String.class).one());
        assertThat(role).isEqualTo("catalog_svc:false:false");
    }

    @Test
    void unfilteredQueries_actingForA_seeNothingOfB_inEveryTable() {
        for (String table : TENANT_TABLES) {
            final List<UUID> tenants = db.transactor().inTenant(tenantA, h -> h.createQuery(
                    "select distinct tenant_id from " + table).mapTo(UUID.class).list());
            assertThat(tenants).as(table).containsExactly(tenantA);
        }
    }

    @Test
    void unfilteredQueries_actingForNoTenant_seeOnlyStorefrontRows() {
        final List<String> visible = db.transactor().inSystem(h -> h.createQuery(
                "select sku from products order by sku").mapTo(String.class).list());
        assertThat(visible).containsExactlyInAnyOrder(sku(tenantA, "live"), sku(tenantB, "live"));
        // The search projection is public by design (only storefront-visible products), whoever reads it.
        for (Scope scope : List.of(Scope.system(), Scope.tenant(tenantA))) {
            final List<String> searchable = db.transactor().inTransaction(scope, h -> h.createQuery(
                    "select name from product_search order by name").mapTo(String.class).list());
            assertThat(searchable).as("%s", scope).containsExactly("live", "live");
        }
        for (String table : List.of("product_variants", "product_tags", "product_translations")) {
            final List<UUID> owners = db.transactor().inSystem(h -> h.createQuery(
                    "select distinct product_id from " + table).mapTo(UUID.class).list());
            assertThat(owners).as(table).isNotEmpty()
                              .doesNotContain(drafts.get(tenantA).row().id(), drafts.get(tenantB).row().id());
        }
        for (String table : List.of("categories", "category_translations", "tags", "tag_translations",
                                    "attributes", "attribute_translations", "images", "image_uploads",
                                    "meta_feeds")) {
            final int rows = db.transactor().inSystem(h -> h.createQuery("select count(*) from " + table)
                                                              .mapTo(Integer.class).one());
            assertThat(rows).as(table).isZero();
        }
    }

    @Test
    void writesForAnotherTenant_areRejected() {
        assertThatThrownBy(() -> db.transactor().inTenant(tenantA, h -> h.createUpdate("""
                insert into tags (tenant_id, id, name) values (:b, :id, 'smuggled')""")
                .bind("b", tenantB).bind("id", Uuid7.next()).execute()))
                .isInstanceOf(UnableToExecuteStatementException.class)
                .hasMessageContaining("row-level security");
        final int changed = db.transactor().inTenant(tenantA, h -> h.createUpdate(
                "update products set stock = 0 where tenant_id = :b").bind("b", tenantB).execute());
        assertThat(changed).isZero();
        assertThatThrownBy(() -> db.transactor().inTenant(tenantA, h -> {
            h.attach(ImageDao.class).insert(tenantB, Uuid7.next(), tenantB + "/images/smuggled.png", null,
                                            "image/png", 1, new ImageSize(1, 1));
            return null;
        })).isInstanceOf(UnableToExecuteStatementException.class).hasMessageContaining("row-level security");
        final int deleted = db.transactor().inTenant(tenantA, h -> h.createUpdate(
                "delete from images where tenant_id = :b").bind("b", tenantB).execute());
        assertThat(deleted).isZero();
    }

    @Test
    void pendingUploadsOfAnotherTenant_cannotBeWrittenOrForgotten() {
        assertThatThrownBy(() -> db.transactor().inTenant(tenantA, h -> {
            h.attach(ImageUploadDao.class).insert(tenantB, tenantB + "/images/smuggled.png", EXPIRED);
            return null;
        })).isInstanceOf(UnableToExecuteStatementException.class).hasMessageContaining("row-level security");
        final boolean forgotten = db.transactor().inTenant(tenantA, h -> h.attach(ImageUploadDao.class)
                .deleteExpired(tenantB, tenantB + "/images/pending.png", EXPIRED.plusSeconds(1)));
        assertThat(forgotten).isFalse();
        final int left = db.transactor().inTenant(tenantB, h -> h.createQuery(
                "select count(*) from image_uploads").mapTo(Integer.class).one());
        assertThat(left).isEqualTo(1);
    }

    @Test
    void expiredUploads_ofEveryTenant_areListedBySweepFunction_asTenantAndKeyOnly() {
        final List<ImageUploadDao.UploadRef> expired = db.transactor().inSystem(
                h -> h.attach(ImageUploadDao.class).expired(EXPIRED.plusSeconds(1), 100));
        assertThat(expired).containsExactlyInAnyOrder(
                new ImageUploadDao.UploadRef(tenantA, tenantA + "/images/pending.png"),
                new ImageUploadDao.UploadRef(tenantB, tenantB + "/images/pending.png"));
        final List<ImageUploadDao.UploadRef> notYet = db.transactor().inSystem(
                h -> h.attach(ImageUploadDao.class).expired(EXPIRED, 100));
        assertThat(notYet).as("not expired before their expiry").isEmpty();
    }

    private static Product seed(UUID tenant) {
        db.transactor().inTenant(tenant, h -> {
            h.attach(ImageDao.class).insert(tenant, Uuid7.next(), tenant + "/images/a.png", null, "image/png",
                                            67, new ImageSize(1, 1));
            h.attach(ImageUploadDao.class).insert(tenant, tenant + "/images/pending.png", EXPIRED);
            return null;
        });
        final var attributes = new Attributes(db.transactor());
        attributes.create(tenant, Translated.draft(new AttributeRow(tenant, tenant, "fabric", "Fabric", "", "enum",
                                                                    List.of("silk"), 0, Instant.now(), Instant.now()),
                                                   List.of(translation("Kapda"))), null);
        final UUID category = new Categories(db.transactor()).create(tenant, Translated.draft(
                new CategoryRow(tenant, tenant, null, "Sarees", "", "", 0, Instant.now(), Instant.now()),
                List.of(translation("Sadi"))), null).row().id();
        final UUID tag = new Tags(db.transactor()).create(tenant, Translated.draft(
                new TagRow(tenant, tenant, "Bridal", "", 0, Instant.now(), Instant.now()),
                List.of(translation("Dulhan"))), null).row().id();
        new MetaFeeds(db.transactor()).rotate(tenant);
        final Products products = new Products(db.transactor());
        products.create(tenant, product(tenant, "live", "active", category, tag), null);
        return products.create(tenant, product(tenant, "draft", "draft", category, tag), null);
    }

    private static Product product(UUID tenant, String name, String status, UUID category, UUID tag) {
        final Instant now = Instant.now();
        final ProductRow row = new ProductRow(tenant, tenant, sku(tenant, name), name, name, "", category,
                                              List.of("fabric"), List.of("silk"), 1000, "INR", null, 0, status,
                                              List.of(), List.of(), List.of(), 0, now, now);
        final VariantRow variant = new VariantRow(tenant, new UUID(0, 0), tenant, 0, sku(tenant, name) + "-S",
                                                  List.of(), List.of(), null, 3);
        return new Product(row, List.of(variant), List.of(tag), List.of(translation(name + " (hi)")),
                           new Localized("", "", ""));
    }

    private static TranslationRow translation(String name) {
        return new TranslationRow(new UUID(0, 0), "hi", name, "");
    }

    private static String sku(UUID tenant, String name) {
        return name + '-' + tenant.toString().substring(24);
    }

    private static SupplierRow supplier(UUID tenant, long seq) {
        return new SupplierRow(tenant, "s-" + seq, "Supplier " + seq, "Surat", "en", true, seq);
    }
}
