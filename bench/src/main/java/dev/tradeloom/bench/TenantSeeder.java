package dev.tradeloom.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Generates supplier tenants from a textile vocabulary with a skew: the first words of each list
 * are picked far more often (random()^3), so terms like "silk" and "cotton" match tens of
 * thousands of rows while others stay rare, as on a real marketplace.
 */
final class TenantSeeder {
    private static final String SEED = """
            with v as (
              select array['Shree','Sri','Laxmi','Ganesh','Krishna','Royal','New','Bharat','Ganga','Kaveri',
                           'Mahalaxmi','Sai','Balaji','Annapurna','Vardhman','Om','Jai','Navrang','Rangoli','Saraswati']
                       as prefixes,
                     array['Silk','Cotton','Linen','Khadi','Georgette','Chiffon','Rayon','Wool','Jute','Denim',
                           'Polyester','Banarasi','Kanjivaram','Chanderi','Ikat','Bandhani','Zari','Muslin',
                           'Pashmina','Tussar'] as materials,
                     array['Sarees','Fabrics','Textiles','Kurtas','Mills','Garments','Dupattas','Lehengas',
                           'Shawls','Knitwear','Yarns','Handlooms','Prints','Embroidery','Suits'] as products,
                     array['Traders','Emporium','Enterprises','Industries','House','Creations','Collections',
                           'Fashions','Weavers','Exports'] as suffixes,
                     array['Silk sarees','Cotton fabric','Printed fabric','Synthetic sarees','Knitwear','Kurtas',
                           'Dress materials','Bridal wear','Home textiles','Yarn','Denim','Handloom'] as categories,
                     array['Surat','Varanasi','Coimbatore','Tiruppur','Ludhiana','Jaipur','Kolkata','Mumbai',
                           'Delhi','Ahmedabad','Bhiwandi','Erode','Panipat','Kanchipuram','Mysuru','Bengaluru',
                           'Chennai','Hyderabad','Indore','Bhagalpur','Chanderi','Lucknow','Amritsar','Kannur']
                       as cities,
                     array['wholesale supplier to boutiques across India',
                           'handwoven by family weavers for three generations',
                           'exporter to the Gulf, Europe and the United States',
                           'bulk orders for retailers with quick dispatch',
                           'custom dyeing and printing on request',
                           'bridal and festive collections with zari work',
                           'organic and sustainable fibres, certified',
                           'school uniforms and corporate wear in bulk'] as phrases
            ), picks as (
              select i,
                     1 + floor(power(random(), 3) * 20)::int as p,
                     1 + floor(power(random(), 3) * 20)::int as m,
                     1 + floor(power(random(), 2) * 15)::int as pr,
                     1 + floor(random() * 10)::int as s,
                     1 + floor(power(random(), 2) * 12)::int as c,
                     1 + floor(power(random(), 2) * 24)::int as ci,
                     1 + floor(random() * 8)::int as ph,
                     random() as k
              from generate_series(1, ?) as i
            )
            insert into tenant.tenants (id, slug, kind, name, category, description, city, state, country,
                                        created_by, status)
            -- Time-ordered ids like the service's UUIDv7: 48 bits of milliseconds, then random bits.
            select (lpad(to_hex(floor(extract(epoch from now()) * 1000)::bigint - ? + i), 12, '0') || '7'
                    || substr(md5(random()::text), 1, 3) || '8' || substr(md5(random()::text), 1, 15))::uuid,
                   'bench-supplier-' || i,
                   case when k < 0.8 then 'supplier' when k < 0.9 then 'both' else 'buyer' end,
                   v.prefixes[p] || ' ' || v.materials[m] || ' ' || v.products[pr] || ' ' || v.suffixes[s],
                   v.categories[c],
                   v.materials[m] || ' ' || lower(v.products[pr]) || ', ' || v.phrases[ph] || '.',
                   v.cities[ci], '', 'IN', gen_random_uuid(), 'active'
            from picks, v""";

    private TenantSeeder() {}

    /** Inserts {@code count} tenants as the schema owner and refreshes planner statistics. */
    static void seed(String jdbcUrl, String user, String password, int count) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, password)) {
            try (var insert = c.prepareStatement(SEED)) {
                insert.setInt(1, count);
                insert.setInt(2, count);
                insert.executeUpdate();
            }
            try (Statement s = c.createStatement()) {
                s.execute("vacuum analyze tenant.tenants");
                s.execute("vacuum analyze tenant.company_search");
            }
        }
    }
}
