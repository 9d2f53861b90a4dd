package dev.tradeloom.bench;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.linecorp.armeria.client.BlockingWebClient;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.client.grpc.GrpcClients;
import com.linecorp.armeria.server.Server;

import dev.tradeloom.bff.BffConfig;
import dev.tradeloom.bff.BffServer;
import dev.tradeloom.catalog.CatalogCoreApp;
import dev.tradeloom.catalog.CatalogCoreConfig;
import dev.tradeloom.catalog.v1.GetStorefrontProductRequest;
import dev.tradeloom.catalog.v1.ListStorefrontProductsRequest;
import dev.tradeloom.catalog.v1.ProductSearchServiceGrpc.ProductSearchServiceBlockingStub;
import dev.tradeloom.catalog.v1.ProductSort;
import dev.tradeloom.catalog.v1.SearchProductsRequest;
import dev.tradeloom.catalog.v1.StorefrontServiceGrpc.StorefrontServiceBlockingStub;
import dev.tradeloom.platform.config.Env;
import dev.tradeloom.platform.crypto.SecretBox;
import dev.tradeloom.tenant.TenantCoreApp;
import dev.tradeloom.tenant.TenantCoreConfig;
import dev.tradeloom.tenant.domain.AccountSecrets;
import io.grpc.StatusRuntimeException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Product search, storefront listing and storefront product get at a million products across
 * 100,000 suppliers: each through REST at the edge, through gRPC at catalog-core, and the same SQL
 * through pgbench as the service's runtime role, at 16 concurrent clients.
 *
 * <p>Arguments (all optional): products (1000000), tenants (100000), clients (16), warm-up seconds
 * per path (20; REST and gRPC are both warmed up before either is measured, longer while the JIT compiler
 * is busy, see {@link LoadRunner#warmThenMeasure}), measured seconds (30).
 */
public final class ProductSearchBench {
    /** Storefronts and products the listing and get runs cycle through. */
    private static final int SAMPLE = 20;

    private ProductSearchBench() {}

    public static void main(String[] args) throws Exception {
        final int products = arg(args, 0, 1_000_000);
        final int tenants = arg(args, 1, 100_000);
        final int clients = arg(args, 2, 16);
        final Duration warmup = Duration.ofSeconds(arg(args, 3, 20));
        final Duration measured = Duration.ofSeconds(arg(args, 4, 30));
        final Path dataDir = Files.createTempDirectory("tradeloom-bench-pg");
        try (AnyS3 s3 = AnyS3.start();
             EmbeddedPostgres pg = EmbeddedPostgres.builder().setDataDirectory(dataDir)
                                                   .setServerConfig("max_connections", "200")
                                                   .setServerConfig("shared_buffers", "512MB")
                                                   .start()) {
            final String url = "jdbc:postgresql://localhost:" + pg.getPort() + "/postgres";
            final Env env = Env.of(Map.ofEntries(
                    Map.entry("DB_URL", url), Map.entry("DB_POOL_SIZE", SearchPoolSize.get()),
                    Map.entry("TENANT_CORE_PORT", "0"), Map.entry("CATALOG_CORE_PORT", "0"),
                    Map.entry("BFF_PORT", "0"), Map.entry("RATE_LIMIT_ENABLED", "false"), Map.entry("SMTP_PORT", "1"),
                    Map.entry("SUPPLIER_SYNC_INTERVAL", "1h"), Map.entry("SEARCH_TERMS_REFRESH", "1h")))
                    .with(s3.env());
            try (TenantCoreApp tenantCore = TenantCoreApp.start(TenantCoreConfig.fromEnv(env.with(
                    Map.of(AccountSecrets.SECRET_KEY, SecretBox.newKey()))));
                 CatalogCoreApp catalogCore = CatalogCoreApp.start(CatalogCoreConfig.fromEnv(
                         env.with(Map.of("TENANT_CORE_URL", tenantCore.uri()))))) {
                final long seedStart = System.nanoTime();
                ProductSeeder.seed(url, tenants, products);
                System.out.printf("Seeded %,d products of %,d suppliers in %.1f s; searchable products holding "
                                  + "silk %,d, saree %,d, cotton %,d, kalamkari %,d%n", products, tenants,
                                  (System.nanoTime() - seedStart) / 1e9, ProductSeeder.matches(url, "silk"),
                                  ProductSeeder.matches(url, "saree"), ProductSeeder.matches(url, "cotton"),
                                  ProductSeeder.matches(url, "kalamkari"));
                final List<UUID[]> sample = ProductSeeder.sample(url, SAMPLE);
                final Server bff = BffServer.configure(Server.builder(), BffConfig.fromEnv(env.with(Map.of(
                        "TENANT_CORE_URL", tenantCore.uri(), "CATALOG_CORE_URL", catalogCore.uri())))).build();
                bff.start().join();
                try {
                    final BlockingWebClient http = WebClient.builder("http://127.0.0.1:" + bff.activeLocalPort())
                                                            .maxResponseLength(0).build().blocking();
                    final String grpcUri = "http://127.0.0.1:" + catalogCore.port();
                    final ProductSearchServiceBlockingStub search =
                            GrpcClients.newClient(grpcUri, ProductSearchServiceBlockingStub.class);
                    final StorefrontServiceBlockingStub storefront =
                            GrpcClients.newClient(grpcUri, StorefrontServiceBlockingStub.class);
                    final List<String> searchPaths = ProductSearchMix.SEARCHES.stream()
                                                                             .map(ProductSearchBench::path).toList();
                    final List<SearchProductsRequest> searches = ProductSearchMix.SEARCHES.stream()
                            .map(ProductSearchBench::request).toList();
                    final List<String> scripts;
                    try (Connection c = DriverManager.getConnection(url, "catalog_svc", "catalog_svc")) {
                        c.setSchema(CatalogCoreConfig.SCHEMA);
                        scripts = ProductSearchMix.searchScripts(c);
                    }
                    final List<LoadRunner.Result> results = new ArrayList<>();
                    results.addAll(LoadRunner.warmThenMeasure(clients, warmup, measured, List.of(
                            new LoadRunner.Path("search: REST at the edge", searchPaths.size(),
                                                i -> http.get(searchPaths.get(i)).status().code() == 200),
                            new LoadRunner.Path("search: gRPC at catalog-core", searches.size(),
                                                i -> grpc(() -> search.searchProducts(searches.get(i)))))));
                    results.add(pgbench("search: SQL via pgbench", pg, clients, warmup, measured, scripts));

                    results.addAll(LoadRunner.warmThenMeasure(clients, warmup, measured, List.of(
                            new LoadRunner.Path("listing: REST at the edge", sample.size(),
                                                i -> http.get("/v1/storefronts/" + sample.get(i)[0]
                                                              + "/products").status().code() == 200),
                            new LoadRunner.Path("listing: gRPC at catalog-core", sample.size(),
                                                i -> grpc(() -> storefront.listStorefrontProducts(
                                                        ListStorefrontProductsRequest.newBuilder()
                                                                .setTenantId(sample.get(i)[0].toString())
                                                                .build()))))));
                    results.add(pgbench("listing: SQL via pgbench", pg, clients, warmup, measured,
                                        sample.stream().map(s -> ProductSearchMix.listScript(s[0])).toList()));

                    results.addAll(LoadRunner.warmThenMeasure(clients, warmup, measured, List.of(
                            new LoadRunner.Path("get: REST at the edge", sample.size(),
                                                i -> http.get("/v1/storefronts/" + sample.get(i)[0]
                                                              + "/products/" + sample.get(i)[1]).status()
                                                         .code() == 200),
                            new LoadRunner.Path("get: gRPC at catalog-core", sample.size(),
                                                i -> grpc(() -> storefront.getStorefrontProduct(
                                                        GetStorefrontProductRequest.newBuilder()
                                                                .setTenantId(sample.get(i)[0].toString())
                                                                .setProduct(sample.get(i)[1].toString())
                                                                .build()))))));
                    results.add(pgbench("get: SQL via pgbench", pg, clients, warmup, measured,
                                        sample.stream().map(s -> ProductSearchMix.getScript(s[0], s[1])).toList()));
                    System.out.printf("%nProduct search, %,d products, %,d suppliers, %d clients, %d searches in "
                                      + "the mix, %d storefronts%n", products, tenants, clients,
                                      ProductSearchMix.SEARCHES.size(), sample.size());
                    results.forEach(r -> System.out.println(r.line()));
                    System.out.printf("%n%s%n", LoadRunner.byRequest(
                            ProductSearchMix.SEARCHES.stream().map(ProductSearchMix.Search::label).toList(),
                            results.subList(0, 3)));
                } finally {
                    bff.stop().join();
                }
            }
        }
    }

    private static LoadRunner.Result pgbench(String name, EmbeddedPostgres pg, int clients, Duration warmup,
                                             Duration measured, List<String> scripts) throws Exception {
        System.out.println("Running " + name);
        return Pgbench.run(name, pg.getPort(), "catalog_svc", "catalog_svc", CatalogCoreConfig.SCHEMA, clients,
                           warmup, measured, scripts);
    }

    private static boolean grpc(Runnable call) {
        try {
            call.run();
            return true;
        } catch (StatusRuntimeException e) {
            return false;
        }
    }

    private static String path(ProductSearchMix.Search s) {
        final StringBuilder path = new StringBuilder("/v1/products:search?query=").append(encode(s.query()));
        if (!s.city().isEmpty()) {
            path.append("&city=").append(encode(s.city()));
        }
        if (!s.attribute().isEmpty()) {
            path.append("&attributes=").append(encode(s.attribute()));
        }
        if (s.maxPrice() > 0) {
            path.append("&maxPriceMinor=").append(s.maxPrice());
        }
        if (s.inRupees()) {
            path.append("&currency=INR");
        }
        if (!s.sort().isEmpty()) {
            path.append("&sort=PRODUCT_SORT_").append(s.sort());
        }
        return s.facets() ? path.append("&facets=true").toString() : path.toString();
    }

    private static SearchProductsRequest request(ProductSearchMix.Search s) {
        final SearchProductsRequest.Builder b = SearchProductsRequest.newBuilder().setQuery(s.query())
                                                                     .setCity(s.city()).setFacets(s.facets());
        if (!s.attribute().isEmpty()) {
            b.addAttributes(s.attribute());
        }
        if (s.maxPrice() > 0) {
            b.setMaxPriceMinor(s.maxPrice());
        }
        if (s.inRupees()) {
            b.setCurrency("INR");
        }
        if (!s.sort().isEmpty()) {
            b.setSort(ProductSort.valueOf("PRODUCT_SORT_" + s.sort()));
        }
        return b.build();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static int arg(String[] args, int index, int defaultValue) {
        return args.length > index ? Integer.parseInt(args[index]) : defaultValue;
    }
}
