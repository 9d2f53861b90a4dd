package dev.tradeloom.bench;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Matcher;

import dev.tradeloom.catalog.store.ProductDao;
import dev.tradeloom.catalog.store.ProductSearchDao;
import dev.tradeloom.catalog.store.ProductSearchSql;

/**
 * The product-search mix (very common and rare terms, phrases, exclusions, {@code or}, filters,
 * facets, sorts) and the SQL the service runs for it and for storefront reads, written out for
 * pgbench with the parameters in place.
 */
final class ProductSearchMix {
    /** One search; empty strings and zero prices mean "not set". */
    record Search(String query, String city, String attribute, long maxPrice, String sort, boolean facets) {
        /** The query and what goes with it, for a table. */
        /** Price bounds and price sorts name a currency; the generated catalog is priced in rupees. */
        boolean inRupees() {
            return maxPrice > 0 || sort.startsWith("PRICE");
        }

        String label() {
            return String.join(" ", query, city.isEmpty() ? "" : "city=" + city, attribute,
                               maxPrice == 0 ? "" : "max=" + maxPrice, sort.toLowerCase(Locale.ROOT),
                               facets ? "+facets" : "").trim().replaceAll(" +", " ");
        }
    }

    static final List<Search> SEARCHES = List.of(
            new Search("silk", "", "", 0, "", false),
            new Search("silk saree", "", "", 0, "", true),
            new Search("cotton kurta", "Jaipur", "", 0, "", false),
            new Search("banarasi", "Varanasi", "", 0, "", true),
            new Search("kalamkari dupatta", "", "", 0, "", false),
            new Search("\"zari border\" red", "", "", 0, "", false),
            new Search("saree -silk", "", "", 0, "", false),
            new Search("pashmina or velvet shawl", "", "", 0, "PRICE_ASC", false),
            new Search("georgette", "", "colour=red", 300000, "", true),
            new Search("", "Surat", "fabric=Cotton", 0, "NEWEST", true));

    private ProductSearchMix() {}

    /**
     * Each search's statements as the service runs them: the estimate first when ranked; the facet count
     * apart unless every match is ranked, when one statement gives both.
     */
    static List<String> searchScripts(Connection connection) throws SQLException {
        final List<String> scripts = new ArrayList<>();
        for (Search s : SEARCHES) {
            final List<String> statements = new ArrayList<>();
            boolean counted = false;
            if (s.query().isEmpty() || !s.sort().isEmpty()) {
                statements.add(line(switch (s.sort()) {
                    case "PRICE_ASC" -> ProductSearchSql.PRICE_ASC;
                    case "PRICE_DESC" -> ProductSearchSql.PRICE_DESC;
                    default -> ProductSearchSql.NEWEST;
                }, s));
            } else {
                final String estimate = line(ProductSearchSql.ESTIMATE, s);
                final boolean few = ProductSearchSql.fewMatches(estimatedRows(connection, estimate), s.query());
                statements.add(estimate);
                counted = few && s.facets();
                statements.add(line(counted ? ProductSearchSql.RANKED_FEW_WITH_FACETS
                                            : few ? ProductSearchSql.RANKED_FEW : ProductSearchSql.RANKED_MANY, s));
            }
            if (s.facets() && !counted) {
                statements.add(line(ProductSearchSql.FACETS, s));
            }
            scripts.add(String.join(";\n", statements));
        }
        return scripts;
    }

    /** A storefront page as the service reads it: supplier, products, then their variants, tags, names. */
    static String listScript(UUID tenant) {
        final String t = "'" + tenant + "'::uuid";
        final String page = "(select p.id from products p where p.tenant_id = " + t + " order by p.id limit 25)";
        return String.join(";\n", List.of(
                "begin",
                "select set_config('app.tenant_id', '', true), set_config('app.user_id', '', true)",
                supplier(t),
                "select " + flat(ProductDao.COLUMNS) + " from products p where p.tenant_id = " + t
                + " order by p.id limit 25",
                children(t, page),
                "commit"));
    }

    /** One storefront product as the service reads it. */
    static String getScript(UUID tenant, UUID product) {
        final String t = "'" + tenant + "'::uuid";
        final String id = "'" + product + "'::uuid";
        return String.join(";\n", List.of(
                "begin",
                "select set_config('app.tenant_id', '', true), set_config('app.user_id', '', true)",
                supplier(t),
                "select " + flat(ProductDao.COLUMNS) + " from products p where p.tenant_id = " + t
                + " and p.id = " + id,
                children(t, "(" + id + ")"),
                "commit"));
    }

    private static String supplier(String t) {
        return "select tenant_id, slug, name, city, default_language, active, change_seq from suppliers "
               + "where tenant_id = " + t;
    }

    /** Variants, tags, translations and the supplier's language, as ProductLoader asks for them. */
    private static String children(String t, String ids) {
        return String.join(";\n", List.of(
                "select " + flat(ProductDao.VARIANT_COLUMNS) + " from product_variants v where v.tenant_id = " + t
                + " and v.product_id in " + ids + " order by v.product_id, v.position",
                "select t.product_id, t.tag_id, t.position from product_tags t where t.tenant_id = " + t
                + " and t.product_id in " + ids + " order by t.product_id, t.position",
                "select product_id, language, name, description from product_translations where tenant_id = " + t
                + " and product_id in " + ids,
                supplier(t)));
    }

    private static long estimatedRows(Connection connection, String explain) throws SQLException {
        try (Statement statement = connection.createStatement(); var plan = statement.executeQuery(explain)) {
            plan.next();
            final Matcher rows = ProductSearchDao.ESTIMATED_ROWS.matcher(plan.getString(1));
            if (!rows.find()) {
                throw new IllegalStateException("No row estimate in: " + plan.getString(1));
            }
            return Long.parseLong(rows.group(1));
        }
    }

    /** The statement with the search's parameters written in, on one line as pgbench expects. */
    static String line(String sql, Search s) {
        final String attributes = ProductSearchDao.Match.attributeLexemes(
                s.attribute().isEmpty() ? List.of() : List.of(s.attribute()));
        final boolean filtered = !s.city().isEmpty() || !attributes.isEmpty();
        return flat(sql.replace(":query", literal(s.query()))
                       .replace(":language", "''")
                       .replace(":filtered", String.valueOf(filtered))
                       .replace(":supplier", "''")
                       .replace(":category", "''")
                       .replace(":city", literal(s.city()))
                       .replace(":attributes", literal(attributes))
                       .replace(":minPrice", "null")
                       .replace(":maxPrice", s.maxPrice() > 0 ? String.valueOf(s.maxPrice()) : "null")
                       .replace(":currency", s.inRupees() ? "'INR'" : "''")
                       .replace(":afterTier", "null")
                       .replace(":afterPrice", "null")
                       .replace(":afterId", "null::uuid")
                       .replace(":limit", "21")
                       .replace(":cap", "2000"));
    }

    private static String flat(String sql) {
        return sql.replace('\n', ' ');
    }

    private static String literal(String value) {
        return '\'' + value.replace("'", "''") + '\'';
    }
}
