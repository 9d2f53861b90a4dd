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
 * Attribute values stored before definitions were kept in step with them (migration V18) lose what their
 * definitions no longer allow once the schema is migrated, and search stops counting them.
 */
class AttributeValuesBackfillTest {
    private static final String SCHEMA = CatalogCoreConfig.SCHEMA;
    private static final String TENANT = "0190a000-0000-7000-8000-000000000002";
    private static final String KEPT = "0190a000-0000-7000-8000-0000000000d1";
    private static final String NARROWED = "0190a000-0000-7000-8000-0000000000d2";
    private static final String UNTOUCHED = "0190a000-0000-7000-8000-0000000000d3";

    @Test
    void valuesOfDeletedOrNarrowedDefinitions_areRemoved_andNoLongerCounted() throws SQLException {
        final DatabaseConfig config = TestPostgres.newDatabase(SCHEMA);
        SchemaAt.migrateUpTo(config, "17");
        // "occasion" was deleted, "Cotton" removed from the fabrics, "width" made a number after "wide" was stored.
        SchemaAt.execute(config, """
                insert into suppliers (tenant_id, slug, name, city, active, change_seq)
                values ('%1$s', 'mangalagiri', 'Mangalagiri Weaves', 'Mangalagiri', true, 1);
                insert into attributes (tenant_id, id, key, name, kind, allowed_values)
                values ('%1$s', gen_random_uuid(), 'fabric', 'Fabric', 'enum', '{Silk}'),
                       ('%1$s', gen_random_uuid(), 'width', 'Width', 'number', '{}'),
                       ('%1$s', gen_random_uuid(), 'border', 'Border', 'text', '{}');
                insert into products (tenant_id, id, sku, slug, name, attribute_keys, attribute_values,
                                      price_minor, currency, stock, status)
                values ('%1$s', '%2$s', 'P1', 'p1', 'Silk saree', '{fabric,occasion,width}', '{Silk,Festive,5.5}',
                        1000, 'INR', 1, 'active'),
                       ('%1$s', '%3$s', 'P2', 'p2', 'Cotton saree', '{fabric,width}', '{Cotton,wide}', 1000, 'INR',
                        1, 'active'),
                       ('%1$s', '%4$s', 'P3', 'p3', 'Zari saree', '{border}', '{Zari}', 1000, 'INR', 1, 'active');
                insert into product_variants (tenant_id, id, product_id, position, sku, attribute_keys,
                                              attribute_values, stock)
                values ('%1$s', gen_random_uuid(), '%2$s', 0, 'P1-W', '{occasion}', '{Wedding}', 1)"""
                .formatted(TENANT, KEPT, NARROWED, UNTOUCHED));

        try (Database db = Database.start(config, SCHEMA)) {
            final List<String> products = db.jdbi().withHandle(h -> h.createQuery("""
                    select id || ': ' || array_to_string(attribute_keys, ',') || ' = '
                           || array_to_string(attribute_values, ',') || ' @' || version
                      from products order by id""").mapTo(String.class).list());
            assertThat(products).containsExactly(KEPT + ": fabric,width = Silk,5.5 @2", NARROWED + ":  =  @2",
                                                 UNTOUCHED + ": border = Zari @1");
            final List<String> variants = db.jdbi().withHandle(h -> h.createQuery(
                    "select array_to_string(attribute_keys, ',') from product_variants").mapTo(String.class).list());
            assertThat(variants).containsExactly("");
            final List<FacetRow> facets = db.transactor().readPublic(h -> h.attach(ProductSearchDao.class).facets(
                    new Match("", "", TENANT, "", "", "", null, null, ""), 100));
            assertThat(facets).filteredOn(f -> f.facet().equals("attribute")).extracting(FacetRow::value)
                              .containsExactlyInAnyOrder("fabric=Silk", "width=5.5", "border=Zari");
        }
    }
}
