package dev.tradeloom.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.tradeloom.catalog.CatalogCoreConfig;
import dev.tradeloom.catalog.domain.Products;
import dev.tradeloom.platform.config.Env;
import dev.tradeloom.platform.db.Database;
import dev.tradeloom.platform.db.DatabaseConfig;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * What writes that change nothing searchable cost the search projection: seeds the generated catalog, then
 * times through pgbench a stock change (+1 on an in-stock product, and on one of its sizes) and a save of a
 * supplier's profile as it was (tenant-core reports every save), with the projection as migrated ("only when
 * changed": the triggers recompute a product only when what it shows may have changed, and the row is
 * written only when it differs) and as it was before V7 ("always": every such write recomputes and rewrites
 * the product's row), alternating in one run on the same data. Prints per round the transactions a second,
 * and per transaction the products recomputed, the search rows written and the WAL. Then saves products
 * with sizes as they were through catalog-core's own code, as a seller's save without changes does.
 *
 * <p>Arguments (all optional): products (200000), tenants (20000), clients (4), seconds per round (15).
 */
public final class ProductWriteBench {
    private static final String MIGRATION = "/db/migration/catalog/V7__search_rows_written_only_when_changed.sql";
    private static final String SEARCH_MIGRATION = "/db/migration/catalog/V4__product_search.sql";
    /** The migration that last made project_product, whose triggers V7 made. */
    private static final String PROJECTION_MIGRATION =
            "/db/migration/catalog/V17__category_facets_count_subcategories.sql";
    /** The clause of V7 that skips writing an unchanged row. */
    private static final Pattern ONLY_WHEN_CHANGED = Pattern.compile(
            "\\n\\s+where \\(product_search\\.slug.*?excluded\\.document\\)", Pattern.DOTALL);
    /** V7's triggers of the tables written here taken back to V4's: every update recomputes. */
    private static final String TRIGGERS_BEFORE = """
            drop trigger products_search_changed on products;
            drop trigger products_search on products;
            create trigger products_search after insert or update or delete on products
                for each row execute function search_product_changed();
            drop trigger product_variants_search_changed on product_variants;
            drop trigger product_variants_search on product_variants;
            create trigger product_variants_search after insert or update or delete on product_variants
                for each row execute function search_product_child_changed();
            drop trigger suppliers_search_changed on suppliers;
            drop trigger suppliers_search on suppliers;
            create trigger suppliers_search after insert or update of name, city, default_language, active
                on suppliers for each row execute function search_supplier_changed();""";

    /** Lets V7 run again: drops the triggers it makes (V4's it drops itself). */
    private static final String TRIGGERS_OF_V7_DROPPED = """
            do $$
            declare
                t record;
            begin
                for t in select g.tgname, c.relname from pg_trigger g join pg_class c on c.oid = g.tgrelid
                          where c.relnamespace = 'catalog'::regnamespace and g.tgname like '%\\_search\\_changed'
                loop
                    execute format('drop trigger %I on %I', t.tgname, t.relname);
                end loop;
            end
            $$;
            """;

    private ProductWriteBench() {}

    public static void main(String[] args) throws Exception {
        final int products = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        final int tenants = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        final int clients = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        final Duration round = Duration.ofSeconds(args.length > 3 ? Long.parseLong(args[3]) : 15);
        final String projection = function(migration(PROJECTION_MIGRATION), "project_product");
        final String migration = migration(MIGRATION) + ";\n" + projection + ";\n";
        // As before V7: every recomputed row written, a variant's product recomputed twice (as it was and
        // as it is), every update recomputing.
        final String always = ONLY_WHEN_CHANGED.matcher(projection).replaceFirst("")
                              + ";\n" + function(migration(SEARCH_MIGRATION), "search_product_child_changed")
                                               .replace("create function", "create or replace function")
                              + ";\n" + TRIGGERS_BEFORE;
        if (always.contains("is distinct from")) {
            throw new IllegalStateException("V7's clause was not removed; has the migration changed?");
        }
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder()
                                                   .setDataDirectory(Files.createTempDirectory("tradeloom-bench-pg"))
                                                   .setServerConfig("shared_buffers", "512MB")
                                                   .setServerConfig("track_functions", "pl").start()) {
            final String url = "jdbc:postgresql://localhost:" + pg.getPort() + "/postgres";
            try (Database db = Database.start(DatabaseConfig.fromEnv(Env.of(Map.of("DB_URL", url)),
                                                                     CatalogCoreConfig.SCHEMA),
                                              CatalogCoreConfig.SCHEMA)) {
                final long seedStart = System.nanoTime();
                ProductSeeder.seed(url, tenants, products);
                System.out.printf("Seeded %,d products of %,d suppliers in %.1f s; %d clients, %d s a round%n",
                                  products, tenants, (System.nanoTime() - seedStart) / 1e9, clients,
                                  round.toSeconds());
            }
            final String stock = "\\set i random(1, " + products + ")\n"
                                 + "update products set stock = stock + 1 where tenant_id = "
                                 + ProductSeeder.tenantSql("(1 + (:i - 1) % " + tenants + ")")
                                 + " and sku = 'SKU-' || :i and stock > 0";
            // The seeder gives three sizes to the in-stock products of even number.
            final String variantStock = "\\set i 2 * random(1, " + products / 2 + ")\n"
                                        + "update product_variants set stock = stock + 1 where tenant_id = "
                                        + ProductSeeder.tenantSql("(1 + (:i - 1) % " + tenants + ")")
                                        + " and sku = 'SKU-' || :i || '-M'";
            final String supplier = "\\set t random(1, " + tenants + ")\n"
                                    + "update suppliers set name = name, city = city, default_language = "
                                    + "default_language, active = active, change_seq = change_seq + 1, "
                                    + "updated_at = now() where tenant_id = " + ProductSeeder.tenantSql(":t");
            final List<UUID[]> sample = sizedProducts(url, 2_000);
            final Map<String, String> modes = Map.of("only when changed", TRIGGERS_OF_V7_DROPPED + migration,
                                                     "always", always);
            try (Connection c = DriverManager.getConnection(url, "postgres", "postgres");
                 Statement s = c.createStatement()) {
                s.execute("set search_path = " + CatalogCoreConfig.SCHEMA);
                // The saves run catalog-core's code in this JVM: compiled before the first is compared.
                saves(s, url, "warm-up", sample, clients, round);
                for (String mode : List.of("only when changed", "always", "only when changed", "always")) {
                    s.execute(modes.get(mode));
                    measure(s, pg, mode, "stock +1", stock, clients, round);
                    measure(s, pg, mode, "variant stock +1", variantStock, clients, round);
                    measure(s, pg, mode, "supplier saved as it was", supplier, clients, round);
                    saves(s, url, mode, sample, clients, round);
                }
            }
        }
    }

    /** Runs {@code script} for a round and prints its rate, search rows written and WAL per transaction. */
    private static void measure(Statement s, EmbeddedPostgres pg, String mode, String name, String script,
                                int clients, Duration round) throws Exception {
        s.execute("checkpoint");
        final long rowsBefore = searchRowsWritten(s);
        final long projectionsBefore = projections(s);
        final String walBefore = one(s, "select pg_current_wal_lsn()::text");
        final LoadRunner.Result result = Pgbench.run(name, pg.getPort(), "postgres", "postgres",
                                                     CatalogCoreConfig.SCHEMA, clients, Duration.ZERO, round,
                                                     List.of(script));
        Thread.sleep(1500); // pgbench's backends report their counts as they exit
        final long transactions = result.requests();
        final double rows = (searchRowsWritten(s) - rowsBefore) / (double) transactions;
        final double recomputed = (projections(s) - projectionsBefore) / (double) transactions;
        final double wal = Double.parseDouble(one(s, "select pg_wal_lsn_diff(pg_current_wal_lsn(), '"
                                                     + walBefore + "')")) / transactions;
        System.out.printf("%-18s %-25s %6.0f tx/s   p50 %6.2f ms   p99 %6.2f ms   products recomputed %5.2f /tx"
                          + "   search rows written %5.2f /tx   WAL %6.0f B/tx%n", mode, name, result.throughput(),
                          result.percentileMillis(50), result.percentileMillis(99), recomputed, rows, wal);
    }

    /**
     * Saves products with sizes as they were, through catalog-core's own {@link Products#update} (what a
     * seller's save without changes writes: the product, its sizes' SKUs parked and each size rewritten),
     * from {@code clients} threads for a round, and prints the saves a second and the products recomputed
     * per save.
     */
    private static void saves(Statement s, String url, String mode, List<UUID[]> sample, int clients,
                              Duration round) throws Exception {
        final long projectionsBefore = projections(s);
        final LongAdder saved = new LongAdder();
        final LongAdder nanos = new LongAdder();
        // A pool of its own, closed after the round: its sessions report their counts as they end.
        try (Database db = Database.start(DatabaseConfig.fromEnv(Env.of(Map.of("DB_URL", url)),
                                                                 CatalogCoreConfig.SCHEMA),
                                          CatalogCoreConfig.SCHEMA)) {
            final Products products = new Products(db.transactor());
            final long end = System.nanoTime() + round.toNanos();
            final ExecutorService threads = Executors.newFixedThreadPool(clients);
            final List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < clients; t++) {
                // Each thread its own products: two saves of one product at once, one would fail its etag.
                final List<UUID[]> own = new ArrayList<>();
                for (int i = t; i < sample.size(); i += clients) {
                    own.add(sample.get(i));
                }
                running.add(threads.submit(() -> {
                    while (System.nanoTime() < end) {
                        final UUID[] p = own.get(ThreadLocalRandom.current().nextInt(own.size()));
                        final long start = System.nanoTime();
                        products.update(p[0], p[1], "", UnaryOperator.identity());
                        nanos.add(System.nanoTime() - start);
                        saved.increment();
                    }
                    return null;
                }));
            }
            threads.shutdown();
            for (Future<?> thread : running) {
                thread.get(round.toSeconds() + 60, TimeUnit.SECONDS); // a failed save fails the run
            }
        }
        Thread.sleep(1500);
        final long count = saved.sum();
        System.out.printf("%-18s %-25s %6.0f tx/s   mean %6.2f ms   products recomputed %5.2f /save%n", mode,
                          "product saved as it was", count / (double) round.toSeconds(),
                          nanos.sum() / 1e6 / count, (projections(s) - projectionsBefore) / (double) count);
    }

    /**
     * In-stock products with three sizes (the seeder's even ones): (tenant id, product id). Their tenants get
     * definitions of the attributes the seeder wrote, which a save checks.
     */
    private static List<UUID[]> sizedProducts(String url, int count) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, "postgres", "postgres");
             Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("""
                     with sample as (
                         select p.tenant_id, p.id from catalog.products p
                          where exists (select 1 from catalog.product_variants v
                                         where v.tenant_id = p.tenant_id and v.product_id = p.id)
                          limit\s""" + count + """
                     ), defined as (
                         insert into catalog.attributes (tenant_id, id, key, name, kind)
                         select t.tenant_id, gen_random_uuid(), k.key, k.key, 'text'
                           from (select distinct tenant_id from sample) t
                                cross join (values ('fabric'), ('colour'), ('size')) k (key)
                         on conflict do nothing)
                     select tenant_id, id from sample""")) {
            final List<UUID[]> sample = new ArrayList<>();
            while (rows.next()) {
                sample.add(new UUID[] { rows.getObject(1, UUID.class), rows.getObject(2, UUID.class) });
            }
            return sample;
        }
    }

    private static long searchRowsWritten(Statement s) throws SQLException {
        s.execute("select pg_stat_clear_snapshot()");
        return Long.parseLong(one(s, """
                select n_tup_ins + n_tup_upd + n_tup_del from pg_stat_user_tables
                 where schemaname = 'catalog' and relname = 'product_search'"""));
    }

    private static long projections(Statement s) throws SQLException {
        return Long.parseLong(one(s, """
                select coalesce(sum(calls), 0) from pg_stat_user_functions where funcname = 'project_product'"""));
    }

    private static String one(Statement s, String sql) throws SQLException {
        try (ResultSet rows = s.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }

    private static String migration(String path) throws IOException {
        try (InputStream in = ProductWriteBench.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("Not on the class path: " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("${schema}",
                                                                                 CatalogCoreConfig.SCHEMA);
        }
    }

    /** The migration's statement that makes function {@code name}, without its semicolon. */
    private static String function(String migration, String name) {
        final Matcher start = Pattern.compile("create (or replace )?function " + name + "\\(").matcher(migration);
        if (!start.find()) {
            throw new IllegalStateException("No function " + name + " in the migration");
        }
        return migration.substring(start.start(), migration.indexOf("$$;", start.start()) + 2);
    }
}
