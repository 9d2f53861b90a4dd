package dev.tradeloom.catalog.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.List;

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
        SchemaAt.migrateUpTo(config, "16");
        SchemaAt.execute(config, """
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

        try (Database db = Database.start(config, SCHEMA)) {
            final Match all = new Match("", "", TENANT, "", "", "", null, null, "");
            final List<FacetRow> facets = db.transactor().readPublic(h -> h.attach(ProductSearchDao.class)
                                                                          .facets(all, 100));
            assertThat(facets).filteredOn(f -> f.facet().equals("category")).containsExactlyInAnyOrder(
                    new FacetRow("category", CLOTHING, "Clothing", 2, "", 1, "en"),
                    new FacetRow("category", SAREES, "Sarees", 2, CLOTHING, 2, "en"),
                    new FacetRow("category", SILK, "Silk sarees", 1, SAREES, 3, "en"));
        }
    }
}
