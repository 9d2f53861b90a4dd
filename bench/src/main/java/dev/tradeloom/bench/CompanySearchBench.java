package dev.tradeloom.bench;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.linecorp.armeria.client.BlockingWebClient;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.client.grpc.GrpcClients;
import com.linecorp.armeria.server.Server;

import dev.tradeloom.bench.SearchMix.Search;
import dev.tradeloom.bff.BffConfig;
import dev.tradeloom.bff.BffServer;
import dev.tradeloom.platform.config.Env;
import dev.tradeloom.platform.crypto.SecretBox;
import dev.tradeloom.tenant.TenantCoreApp;
import dev.tradeloom.tenant.TenantCoreConfig;
import dev.tradeloom.tenant.domain.AccountSecrets;
import dev.tradeloom.tenant.v1.SearchCompaniesRequest;
import dev.tradeloom.tenant.v1.TenantKind;
import dev.tradeloom.tenant.v1.TenantServiceGrpc.TenantServiceBlockingStub;
import io.grpc.StatusRuntimeException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Company search at 100K supplier tenants: the same query mix through REST at the edge, through
 * gRPC at tenant-core, and through pgbench on the same SQL (the database's limit), at 16
 * concurrent clients.
 *
 * <p>Arguments (all optional): tenants (100000), clients (16), warm-up seconds per path (20; longer while
 * the JIT compiler is busy, see {@link LoadRunner#warmThenMeasure}), measured seconds (30).
 */
public final class CompanySearchBench {
    private CompanySearchBench() {}

    public static void main(String[] args) throws Exception {
        final int tenants = arg(args, 0, 100_000);
        final int clients = arg(args, 1, 16);
        final Duration warmup = Duration.ofSeconds(arg(args, 2, 20));
        final Duration measured = Duration.ofSeconds(arg(args, 3, 30));
        final Path dataDir = Files.createTempDirectory("tradeloom-bench-pg");
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setDataDirectory(dataDir)
                                                   .setServerConfig("max_connections", "200")
                                                   .setServerConfig("shared_buffers", "512MB")
                                                   .start()) {
            final String url = "jdbc:postgresql://localhost:" + pg.getPort() + "/postgres";
            final Env env = Env.of(Map.of("DB_URL", url, "DB_POOL_SIZE", SearchPoolSize.get(),
                                          "TENANT_CORE_PORT", "0", "BFF_PORT", "0", "RATE_LIMIT_ENABLED", "false",
                                          "SMTP_PORT", "1"));
            try (TenantCoreApp tenantCore = TenantCoreApp.start(TenantCoreConfig.fromEnv(env.with(
                    Map.of(AccountSecrets.SECRET_KEY, SecretBox.newKey()))))) {
                final long seedStart = System.nanoTime();
                TenantSeeder.seed(url, "postgres", "postgres", tenants);
                System.out.printf("Seeded %,d tenants in %.1f s%n", tenants, (System.nanoTime() - seedStart) / 1e9);
                final Server bff = BffServer.configure(Server.builder(), BffConfig.fromEnv(
                        env.with(Map.of("TENANT_CORE_URL", tenantCore.uri())))).build();
                bff.start().join();
                try {
                    final List<LoadRunner.Path> paths = List.of(rest(bff.activeLocalPort()),
                                                                grpc(tenantCore.port()));
                    final List<LoadRunner.Result> results = new ArrayList<>(
                            LoadRunner.warmThenMeasure(clients, warmup, measured, paths));
                    results.add(Pgbench.run("SQL via pgbench", pg.getPort(), "tenant_svc", "tenant_svc",
                                            TenantCoreConfig.SCHEMA, clients,
                                            warmup, measured, pgbenchScripts(url)));
                    print(tenants, clients, results);
                } finally {
                    bff.stop().join();
                }
            }
        }
    }

    private static LoadRunner.Path rest(int port) {
        final BlockingWebClient http = WebClient.builder("http://127.0.0.1:" + port)
                                                .maxResponseLength(0).build().blocking();
        final List<String> paths = SearchMix.SEARCHES.stream().map(s -> "/v1/companies:search?"
                + "query=" + encode(s.query()) + "&kind=" + (s.kind().isEmpty() ? "" : kindName(s.kind()))
                + "&city=" + encode(s.city()) + "&category=" + encode(s.category())).toList();
        return new LoadRunner.Path("REST at the edge", paths.size(),
                                   i -> http.get(paths.get(i)).status().code() == 200);
    }

    private static LoadRunner.Path grpc(int port) {
        final TenantServiceBlockingStub stub = GrpcClients.newClient("http://127.0.0.1:" + port,
                                                                     TenantServiceBlockingStub.class);
        final List<SearchCompaniesRequest> requests = SearchMix.SEARCHES.stream().map(s -> {
            final SearchCompaniesRequest.Builder b = SearchCompaniesRequest.newBuilder()
                                                                           .setQuery(s.query()).setCity(s.city())
                                                                           .setCategory(s.category());
            if (!s.kind().isEmpty()) {
                b.setKind(TenantKind.valueOf(kindName(s.kind())));
            }
            return b.build();
        }).toList();
        return new LoadRunner.Path("gRPC at tenant-core", requests.size(), i -> {
            try {
                return stub.searchCompanies(requests.get(i)).getResultsCount() >= 0;
            } catch (StatusRuntimeException e) {
                return false;
            }
        });
    }

    /** The scripts, with each search's statement picked by the service's runtime role, as the service does. */
    private static List<String> pgbenchScripts(String url) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, "tenant_svc", "tenant_svc")) {
            c.setSchema(TenantCoreConfig.SCHEMA);
            return PgbenchScripts.companySearch(c);
        }
    }

    static void print(int tenants, int clients, List<LoadRunner.Result> results) {
        System.out.printf("%nCompany search, %,d tenants, %d clients, %d searches in the mix%n", tenants, clients,
                          SearchMix.SEARCHES.size());
        results.forEach(r -> System.out.println(r.line()));
        final List<String> labels = SearchMix.SEARCHES.stream().map(Search::label).toList();
        System.out.printf("%n%s%n", LoadRunner.byRequest(labels, results));
    }

    private static String kindName(String kind) {
        return "TENANT_KIND_" + kind.toUpperCase(Locale.ROOT);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static int arg(String[] args, int index, int defaultValue) {
        return args.length > index ? Integer.parseInt(args[index]) : defaultValue;
    }
}
