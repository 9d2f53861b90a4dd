package dev.tradeloom.bench;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.tradeloom.catalog.CatalogCoreConfig;
import dev.tradeloom.catalog.store.ProductSearchSql;
import dev.tradeloom.platform.db.Database;
import dev.tradeloom.platform.db.DatabaseConfig;
import dev.tradeloom.platform.config.Env;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Where the product-search mix spends its database time: seeds the generated catalog, then runs every
 * statement that could serve each search (both relevance statements, ranking with the facet counts in
 * one, the other sorts, facets under several caps) alone, one client, after one unmeasured run, with
 * {@code EXPLAIN ANALYZE}, and prints its execution time and top plan node, for choosing thresholds and
 * caps.
 *
 * <p>Arguments (all optional): products (1000000), tenants (100000).
 */
public final class ProductSearchPlans {
    private ProductSearchPlans() {}

    /** Prints the statement's execution time (second of two runs) and the top of its plan. */
    private static void time(Statement s, String name, String sql) throws java.sql.SQLException {
        final List<String> plan = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            plan.clear();
            try (ResultSet rows = s.executeQuery("explain (analyze, buffers) " + sql)) {
                while (rows.next()) {
                    plan.add(rows.getString(1));
                }
            }
        }
        System.out.printf("%-18s %s | %s%n", name, plan.get(plan.size() - 1).trim(),
                          plan.get(0).replaceAll("\\(cost=[^)]*\\)", "").trim());
    }

    private static String firstLine(Statement s, String sql) throws java.sql.SQLException {
        try (ResultSet rows = s.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }

    public static void main(String[] args) throws Exception {
        final int products = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        final int tenants = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder()
                                                   .setDataDirectory(Files.createTempDirectory("tradeloom-bench-pg"))
                                                   .setServerConfig("shared_buffers", "512MB").start()) {
            final String url = "jdbc:postgresql://localhost:" + pg.getPort() + "/postgres";
            try (Database db = Database.start(DatabaseConfig.fromEnv(Env.of(Map.of("DB_URL", url)),
                                                                     CatalogCoreConfig.SCHEMA),
                                              CatalogCoreConfig.SCHEMA)) {
                ProductSeeder.seed(url, tenants, products);
            }
            try (Connection c = DriverManager.getConnection(url, "catalog_svc", "catalog_svc");
                 Statement s = c.createStatement()) {
                c.setSchema(CatalogCoreConfig.SCHEMA);
                for (ProductSearchMix.Search search : ProductSearchMix.SEARCHES) {
                    System.out.printf("%n=== %s%n", search);
                    if (!search.query().isEmpty()) {
                        final String estimate = firstLine(s, ProductSearchMix.line(ProductSearchSql.ESTIMATE,
                                                                                   search));
                        System.out.println("estimate: " + estimate);
                        time(s, "ranked few", ProductSearchMix.line(ProductSearchSql.RANKED_FEW, search));
                        time(s, "ranked many", ProductSearchMix.line(ProductSearchSql.RANKED_MANY, search));
                        time(s, "ranked+facets", ProductSearchMix.line(ProductSearchSql.RANKED_FEW_WITH_FACETS,
                                                                       search));
                    }
                    time(s, "newest", ProductSearchMix.line(ProductSearchSql.NEWEST, search));
                    time(s, "price asc", ProductSearchMix.line(ProductSearchSql.PRICE_ASC, search));
                    for (int cap : new int[] {10_000, 2_000, 1_000}) {
                        time(s, "facets cap " + cap, ProductSearchMix.line(ProductSearchSql.FACETS, search)
                                                                     .replace("limit 2000)", "limit " + cap + ")"));
                    }
                }
            }
        }
    }
}
