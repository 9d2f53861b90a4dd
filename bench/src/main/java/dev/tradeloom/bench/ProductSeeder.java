package dev.tradeloom.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Generates suppliers and their products (half of them with three size variants) straight into the
 * catalog schema, from a textile vocabulary with a skew: the first words of each list are picked far
 * more often, so "silk", "saree" and "cotton" match hundreds of thousands of products while others
 * stay rare. About 5 % are drafts and 10 % out of stock, so the search projection holds fewer rows
 * than the catalog. Triggers are off while the rows go in; then every product is projected once
 * through the migration's own {@code project_product}, as the triggers would have done.
 */
final class ProductSeeder {
    private static final String VOCABULARY = """
            with v as (
              select array['Silk','Cotton','Georgette','Chiffon','Linen','Banarasi','Kanjivaram','Chanderi',
                           'Khadi','Rayon','Tussar','Muslin','Pashmina','Ikat','Bandhani','Kalamkari','Paithani',
                           'Patola','Velvet','Organza'] as materials,
                     array['saree','kurta','dupatta','fabric','lehenga','shawl','stole','dress material',
                           'suit set','bedsheet','blouse','scarf','sherwani','dhoti','kurti'] as products,
                     array['red','maroon','gold','blue','green','black','white','pink','yellow','purple',
                           'orange','grey'] as colours,
                     array['with zari border','handwoven by family weavers','block printed by hand',
                           'with mirror work','for weddings and festivals','soft and light for summer',
                           'blended with cotton for comfort','pure and certified, dry clean only'] as phrases,
                     array['Surat','Varanasi','Coimbatore','Tiruppur','Ludhiana','Jaipur','Kolkata','Mumbai',
                           'Delhi','Ahmedabad','Bhiwandi','Erode','Panipat','Kanchipuram','Mysuru','Bengaluru',
                           'Chennai','Hyderabad','Indore','Bhagalpur','Chanderi','Lucknow','Amritsar','Kannur']
                       as cities
            )""";

    private ProductSeeder() {}

    /** The tenant id of the {@code n}-th generated supplier (1-based). */
    static String tenantSql(String n) {
        return "md5('bench-tenant-' || " + n + ")::uuid";
    }

    /** Seeds {@code tenants} suppliers with {@code products} products in all, as the schema owner. */
    static void seed(String jdbcUrl, int tenants, int products) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
             Statement s = c.createStatement()) {
            s.execute("set session_replication_role = replica");
            s.execute(VOCABULARY + """
                    insert into catalog.suppliers (tenant_id, slug, name, city, default_language, active, change_seq)
                    select\s""" + tenantSql("t") + """
                    , 'bench-' || t, 'Bench Textiles ' || t,
                           v.cities[1 + floor(power(random(), 2) * 24)::int], 'en', true, t
                    from generate_series(1,\s""" + tenants + ") t, v");
            s.execute(VOCABULARY + """
                    , picks as (
                      select i, 1 + floor(power(random(), 3) * 20)::int as m,
                             1 + floor(power(random(), 2) * 15)::int as p,
                             1 + floor(random() * 12)::int as c, 1 + floor(random() * 8)::int as ph,
                             random() as r, 20000 + floor(power(random(), 2) * 2000000)::bigint as price
                      from generate_series(1,\s""" + products + """
                    ) i)
                    insert into catalog.products (tenant_id, id, sku, slug, name, description, attribute_keys,
                                                  attribute_values, price_minor, currency, sale_price_minor, stock,
                                                  status, image_urls, image_alt_texts, image_keys)
                    -- Time-ordered ids like UUIDv7: 48 bits of milliseconds, then random bits.
                    select\s""" + tenantSql("1 + (i - 1) % " + tenants) + """
                    ,
                           (lpad(to_hex(floor(extract(epoch from now()) * 1000)::bigint -\s""" + products + """
                     + i), 12, '0')
                            || '7' || substr(md5(random()::text), 1, 3) || '8' || substr(md5(random()::text), 1, 15))::uuid,
                           'SKU-' || i, 'product-' || i,
                           v.materials[m] || ' ' || v.products[p] || ', ' || v.colours[c],
                           v.materials[m] || ' ' || v.products[p] || ' ' || v.phrases[ph] || '.',
                           '{fabric,colour}', array[v.materials[m], v.colours[c]], price, 'INR',
                           case when r < 0.2 then price * 9 / 10 end,
                           case when r > 0.9 then 0 else 1 + (i % 20) end,
                           case when r between 0.5 and 0.55 then 'draft' else 'active' end,
                           array['https://cdn.example/p/' || i || '.jpg'], array[''], array['']
                    from picks, v""");
            s.execute("""
                    insert into catalog.product_variants (tenant_id, id, product_id, position, sku, attribute_keys,
                                                          attribute_values, stock)
                    select p.tenant_id, gen_random_uuid(), p.id, z.pos, p.sku || '-' || z.size, '{size}',
                           array[z.size], 1 + z.pos
                    from catalog.products p cross join (values (0, 'S'), (1, 'M'), (2, 'L')) z(pos, size)
                    where p.stock > 0 and right(p.sku, 1) in ('0', '2', '4', '6', '8')""");
            s.execute("set session_replication_role = origin");
            s.execute("do $$ begin perform catalog.project_product(tenant_id, id) from catalog.products; end $$");
            s.execute("select catalog.refresh_search_terms()");
            for (String table : List.of("suppliers", "products", "product_variants", "product_search",
                                        "search_terms")) {
                s.execute("vacuum analyze catalog." + table);
            }
        }
    }

    /** A sample of searchable products: (tenant id, product id), one per tenant. */
    static List<UUID[]> sample(String jdbcUrl, int count) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
             PreparedStatement s = c.prepareStatement("""
                     select distinct on (tenant_id) tenant_id, product_id from catalog.product_search
                     where tenant_id in (select tenant_id from catalog.suppliers order by change_seq limit ?)
                     order by tenant_id, product_id""")) {
            s.setInt(1, count * 2);
            final List<UUID[]> sample = new ArrayList<>();
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next() && sample.size() < count) {
                    sample.add(new UUID[] { rows.getObject(1, UUID.class), rows.getObject(2, UUID.class) });
                }
            }
            return sample;
        }
    }

    /** How many searchable products hold {@code word} (for the record of the skew). */
    static long matches(String jdbcUrl, String word) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
             PreparedStatement s = c.prepareStatement("select products from catalog.search_terms where term = ?")) {
            s.setString(1, word);
            try (ResultSet rows = s.executeQuery()) {
                return rows.next() ? rows.getLong(1) : 0;
            }
        }
    }
}
