package dev.tradeloom.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.Server;

import dev.tradeloom.bff.BffConfig;
import dev.tradeloom.bff.BffServer;
import dev.tradeloom.catalog.CatalogCoreApp;
import dev.tradeloom.catalog.CatalogCoreConfig;
import dev.tradeloom.platform.config.Env;
import dev.tradeloom.platform.crypto.SecretBox;
import dev.tradeloom.tenant.TenantCoreApp;
import dev.tradeloom.tenant.TenantCoreConfig;
import dev.tradeloom.tenant.domain.AccountSecrets;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The Meta feed of one tenant with many items, fetched through the edge from catalog-core as Meta
 * would: the time to the last byte and the JVM's heap growth while it streams (edge, catalog-core
 * and the discarding client share the JVM), plain and gzip, each after one unmeasured fetch.
 *
 * <p>Arguments (all optional): items (100000), measured fetches per encoding (3), how uploaded images are
 * addressed: {@code public} (a CDN base URL, {@code MEDIA_PUBLIC_BASE_URL}; the default) or {@code links}
 * (without one: image links on the public host, which redirect to presigned GETs). Two thirds of the items
 * are variants (three per product), one third products without variants; each has an uploaded image, an
 * image hosted elsewhere, and an uploaded image under 500×500 that the feed leaves out.
 */
public final class MetaFeedBench {
    private static final long MIB = 1024 * 1024;

    private MetaFeedBench() {}

    public static void main(String[] args) throws Exception {
        final int items = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        final int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        final boolean links = args.length > 2 && "links".equals(args[2]);
        final Map<String, String> media = links ? Map.of()
                                                    : Map.of("MEDIA_PUBLIC_BASE_URL", "https://media.example");
        final Path dataDir = Files.createTempDirectory("tradeloom-bench-pg");
        try (AnyS3 s3 = AnyS3.start();
             EmbeddedPostgres pg = EmbeddedPostgres.builder().setDataDirectory(dataDir)
                                                   .setServerConfig("shared_buffers", "512MB").start()) {
            final String url = "jdbc:postgresql://localhost:" + pg.getPort() + "/postgres";
            final Env env = Env.of(Map.of("DB_URL", url, "TENANT_CORE_PORT", "0", "CATALOG_CORE_PORT", "0",
                                          "BFF_PORT", "0", "RATE_LIMIT_ENABLED", "false", "SMTP_PORT", "1",
                                          "SUPPLIER_SYNC_INTERVAL", "1h")).with(s3.env()).with(media);
            try (TenantCoreApp tenantCore = TenantCoreApp.start(TenantCoreConfig.fromEnv(env.with(
                    Map.of(AccountSecrets.SECRET_KEY, SecretBox.newKey()))));
                 CatalogCoreApp catalogCore = CatalogCoreApp.start(CatalogCoreConfig.fromEnv(
                         env.with(Map.of("TENANT_CORE_URL", tenantCore.uri()))))) {
                final long seedStart = System.nanoTime();
                final String token = seed(url, items);
                System.out.printf("Seeded %,d feed items in %.1f s%n", items, (System.nanoTime() - seedStart) / 1e9);
                final Server bff = BffServer.configure(Server.builder(), BffConfig.fromEnv(env.with(Map.of(
                        "TENANT_CORE_URL", tenantCore.uri(), "CATALOG_CORE_URL", catalogCore.uri())))).build();
                bff.start().join();
                try {
                    final WebClient http = WebClient.builder("http://127.0.0.1:" + bff.activeLocalPort())
                                                    .responseTimeout(Duration.ofMinutes(5))
                                                    .maxResponseLength(0).build();
                    final String path = "/feeds/meta/" + token + ".xml";
                    System.out.println("Uploaded images: "
                                       + (links ? "image links on the public host" : "CDN base URL"));
                    System.out.println("| encoding | run | items | bytes | time | heap growth (peak) |");
                    System.out.println("|---|---:|---:|---:|---:|---:|");
                    for (String encoding : new String[] {"identity", "gzip"}) {
                        fetch(http, path, encoding);
                        for (int run = 1; run <= runs; run++) {
                            final Fetch f = fetch(http, path, encoding);
                            System.out.printf("| %s | %d | %,d | %,d | %.2f s | %d MiB |%n", encoding, run,
                                              f.items(), f.bytes(), f.nanos() / 1e9, f.heapGrowth() / MIB);
                        }
                    }
                } finally {
                    bff.stop().join();
                }
            }
        }
    }

    private record Fetch(long items, long bytes, long nanos, long heapGrowth) {}

    /**
     * Streams the feed and drops each chunk as it arrives, counting items in plain responses, while a
     * sampler records the peak heap in use above the level after a full collection before the fetch.
     */
    private static Fetch fetch(WebClient http, String path, String encoding) throws InterruptedException {
        final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        final long baseline = memory.getHeapMemoryUsage().getUsed();
        final AtomicLong peak = new AtomicLong(baseline);
        final AtomicBoolean done = new AtomicBoolean();
        final Thread sampler = new Thread(() -> {
            while (!done.get()) {
                peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.start();
        final AtomicLong bytes = new AtomicLong();
        final AtomicLong lines = new AtomicLong();
        final long start = System.nanoTime();
        http.execute(RequestHeaders.builder(HttpMethod.GET, path).add(HttpHeaderNames.ACCEPT_ENCODING, encoding)
                                   .build())
            .peek(obj -> {
                if (obj instanceof ResponseHeaders headers && headers.status().code() != 200) {
                    throw new IllegalStateException("feed status " + headers.status());
                }
                if (obj instanceof HttpData data) {
                    bytes.addAndGet(data.length());
                    if ("identity".equals(encoding)) {
                        lines.addAndGet(newlines(data.array()));
                    }
                }
            })
            .subscribe().join();
        final long nanos = System.nanoTime() - start;
        done.set(true);
        sampler.join();
        // One line per item, after three header lines and before two closing ones.
        final long items = "identity".equals(encoding) ? lines.get() - 5 : 0;
        return new Fetch(items, bytes.get(), nanos, peak.get() - baseline);
    }

    private static long newlines(byte[] bytes) {
        long n = 0;
        for (byte b : bytes) {
            if (b == '\n') {
                n++;
            }
        }
        return n;
    }

    /**
     * Writes one active supplier, its products and variants and a feed token straight into the
     * catalog schema (as the schema owner, one statement each), and returns the token.
     */
    private static String seed(String url, int items) throws SQLException {
        final UUID tenant = UUID.randomUUID();
        // Products 1..plain have no variants; each later one has three (S, M, L).
        final int variantItems = items * 2 / 3 / 3 * 3;
        final int grouped = variantItems / 3;
        final int plain = items - variantItems;
        final byte[] raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        final String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        try (Connection c = DriverManager.getConnection(url, "postgres", "postgres")) {
            // Triggers off: the product search projection is not what this measures, and filling it
            // row by row would multiply the seeding time.
            run(c, "set session_replication_role = replica");
            run(c, """
                    insert into catalog.suppliers (tenant_id, slug, name, city, active, change_seq)
                    values (?, 'bench-feed', 'Bench Silk House', 'Surat', true, 1)""", tenant);
            run(c, """
                    insert into catalog.products (tenant_id, id, sku, slug, name, description, attribute_keys,
                                                  attribute_values, price_minor, currency, sale_price_minor, stock,
                                                  status, image_urls, image_keys, image_alt_texts,
                                                  meta_small_images)
                    select ?, gen_random_uuid(), 'SKU-' || i, 'product-' || i, 'Banarasi silk saree ' || i,
                           'Handwoven silk saree with zari border, number ' || i || '. Dry clean only.',
                           '{material}', '{Silk}', 100000 + i, 'INR',
                           case when i % 5 = 0 then 90000 + i end, i % 7, 'active',
                           array['', 'https://cdn.example/p/' || i || '-2.jpg', ''],
                           array[? || '/images/' || i || '-1.jpg', '', ? || '/images/' || i || '-3.png'],
                           array['', '', ''], '{2}'
                    from generate_series(1, ?) as i""", tenant, tenant.toString(), tenant.toString(),
                plain + grouped);
            run(c, """
                    insert into catalog.product_variants (tenant_id, id, product_id, position, sku, attribute_keys,
                                                          attribute_values, price_override_minor, stock)
                    select p.tenant_id, gen_random_uuid(), p.id, s.pos, p.sku || '-' || s.size, '{size,color}',
                           array[s.size, 'Red'], case when s.size = 'L' then p.price_minor + 5000 end,
                           (s.pos + p.price_minor) % 4
                    from catalog.products p
                    cross join (values (0, 'S'), (1, 'M'), (2, 'L')) as s(pos, size)
                    where p.tenant_id = ? and p.price_minor > 100000 + ?""", tenant, plain);
            run(c, """
                    insert into catalog.meta_feeds (tenant_id, token_digest, token_hint)
                    values (?, sha256(convert_to(?, 'UTF8')), right(?, 4))""", tenant, token, token);
            run(c, "set session_replication_role = origin");
            run(c, "analyze catalog.products");
            run(c, "analyze catalog.product_variants");
        }
        return token;
    }

    private static void run(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement statement = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setObject(i + 1, params[i]);
            }
            statement.execute();
        }
    }
}
