package dev.tradeloom.catalog.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import org.flywaydb.core.Flyway;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import dev.tradeloom.catalog.CatalogCoreConfig;
import dev.tradeloom.catalog.store.ProductSearchDao.Match;
import dev.tradeloom.platform.db.Database;
import dev.tradeloom.platform.db.DatabaseConfig;
import dev.tradeloom.platform.testing.TestPostgres;

/**
 * Search rows projected before their rows held category lineages (migration V17) count under every category
 * above theirs once the schema is migrated.
 */
class CategoryLineageBackfillTest {
    private static final String SCHEMA = CatalogCoreConfig.SCHEMA;
    private static final String TENANT = "0190a000-0000-7000-8000-000000000001";
    private static final String CLOTHING = "0190a000-0000-7000-8000-0000000000c1";
    private static final String SAREES = "0190a000-0000-7000-8000-0000000000c2";
    private static final String SILK = "0190a000-0000-7000-8000-0000000000c3";

    @Test
    void rowsProjectedBeforeLineages_countUnderEveryCategoryAboveTheirs() throws SQLException {
        final DatabaseConfig config = TestPostgres.newDatabase(SCHEMA);
        migrateUpTo(config, "16");
        try (Connection c = DriverManager.getConnection(config.jdbcUrl(), config.migrationUser(),
                                                        config.migrationPassword());
             Statement s = c.createStatement()) {
            s.execute("set search_path = " + SCHEMA);
            s.execute("""
                    insert into suppliers (tenant_id, slug, name, city, active, change_seq)
                    values ('%1$s', 'kanchi', 'Kanchi Silks', 'Kanchipuram', true, 1);
                    insert into categories (tenant_id, id, parent_id, name)
                    values ('%1$s', '%2$s', null, 'Clothing'), ('%1$s', '%3$s', '%2$s', 'Sarees'),
                           ('%1$s', '%4$s', '%3$s', 'Silk sarees');
                    insert into products (tenant_id, id, sku, slug, name, category_id, price_minor, currency,
                                          stock, status)
                    values ('%1$s', gen_random_uuid(), 'P1', 'p1', 'Cotton saree', '%3$s', 1000, 'INR', 1,
                            'active'),
                           ('%1$s', gen_random_uuid(), 'P2', 'p2', 'Kanjivaram saree', '%4$s', 1000, 'INR', 1,
                            'active')""".formatted(TENANT, CLOTHING, SAREES, SILK));
        }

        try (Database db = Database.start(config, SCHEMA)) {
            final Match all = new Match("", "", TENANT, "", "", "", null, null, "");
            final List<FacetRow> facets = db.transactor().readPublic(h -> h.attach(ProductSearchDao.class)
                                                                          .facets(all, 100));
            assertThat(facets).filteredOn(f -> f.facet().equals("category")).containsExactlyInAnyOrder(
                    new FacetRow("category", CLOTHING, "Clothing", 2),
                    new FacetRow("category", SAREES, "Sarees", 2),
                    new FacetRow("category", SILK, "Silk sarees", 1));
        }
    }

    /** Applies the migrations as {@code Database.start} does, the catalog's only up to {@code version}. */
    private static void migrateUpTo(DatabaseConfig config, String version) throws SQLException {
        try (Connection c = DriverManager.getConnection(config.jdbcUrl(), config.migrationUser(),
                                                        config.migrationPassword());
             Statement s = c.createStatement()) {
            // Another test's database may have made the runtime role already; roles are per server.
            s.execute("do $$ begin create role " + config.user() + " login password '" + config.password()
                      + "'; exception when duplicate_object then null; end $$");
        }
        final Map<String, String> placeholders = Map.of("app_role", config.user(), "schema", SCHEMA);
        migrate(config, "classpath:db/platform", "platform_schema_history", placeholders, null);
        migrate(config, "classpath:db/migration/" + SCHEMA, "flyway_schema_history", placeholders, version);
    }

    private static void migrate(DatabaseConfig config, String location, String table,
                                Map<String, String> placeholders, @Nullable String target) {
        final var flyway = Flyway.configure()
                                 .dataSource(config.jdbcUrl(), config.migrationUser(),
                                             config.migrationPassword())
                                 .schemas(SCHEMA).createSchemas(true).locations(location).table(table)
                                 .placeholders(placeholders).baselineOnMigrate(true).baselineVersion("0");
        if (target != null) {
            flyway.target(target);
        }
        flyway.load().migrate();
    }
}
