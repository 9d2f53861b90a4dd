package dev.tradeloom.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.linecorp.armeria.client.grpc.GrpcClients;
import com.linecorp.armeria.server.Server;

import dev.tradeloom.platform.db.Database;
import dev.tradeloom.platform.db.DatabaseConfig;
import dev.tradeloom.platform.server.CoreServer;
import dev.tradeloom.tenant.TenantCore;
import dev.tradeloom.tenant.TenantCoreConfig;
import dev.tradeloom.tenant.domain.PasswordHasher;
import dev.tradeloom.tenant.v1.SearchCompaniesRequest;
import dev.tradeloom.tenant.v1.TenantKind;
import dev.tradeloom.tenant.v1.TenantServiceGrpc.TenantServiceBlockingStub;
import io.grpc.StatusRuntimeException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Company search at 100K supplier tenants: the same query mix through gRPC at tenant-core and
 * through pgbench on the same SQL (the database's limit), at 16 concurrent clients.
 *
 * <p>Arguments (all optional): tenants (100000), clients (16), warm-up seconds (10), measured seconds (30).
 */
public final class CompanySearchBench {
    private CompanySearchBench() {}

    public static void main(String[] args) throws Exception {
        final int tenants = arg(args, 0, 100_000);
        final int clients = arg(args, 1, 16);
        final Duration warmup = Duration.ofSeconds(arg(args, 2, 10));
        final Duration measured = Duration.ofSeconds(arg(args, 3, 30));
        final Path dataDir = Files.createTempDirectory("tradeloom-bench-pg");
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setDataDirectory(dataDir)
                                                   .setServerConfig("max_connections", "200")
                                                   .setServerConfig("shared_buffers", "512MB")
                                                   .start()) {
            final String url = "jdbc:postgresql://localhost:" + pg.getPort() + "/postgres";
            final DatabaseConfig dbConfig = new DatabaseConfig(url, "tenant_svc", "tenant_svc", "postgres",
                                                               "postgres", clients + 4);
            try (Database db = Database.start(dbConfig, TenantCoreConfig.SCHEMA)) {
                final long seedStart = System.nanoTime();
                TenantSeeder.seed(url, "postgres", "postgres", tenants);
                System.out.printf("Seeded %,d tenants in %.1f s%n", tenants, (System.nanoTime() - seedStart) / 1e9);

                final var config = new TenantCoreConfig(0, dbConfig, Duration.ofMinutes(15), Duration.ofDays(30),
                                                        new PasswordHasher.Params(65536, 3, 1));
                final Server tenantCore = TenantCore.configure(CoreServer.builder(), db, config,
                                                               NoMail.INSTANCE).build();
                tenantCore.start().join();
                try {
                    final List<LoadRunner.Result> results = new ArrayList<>();
                    results.add(grpc(tenantCore.activeLocalPort(), clients, warmup, measured));
                    results.add(Pgbench.run("SQL via pgbench", pg.getPort(), "postgres", "postgres", clients,
                                            warmup, measured, PgbenchScripts.companySearch()));
                    print(tenants, clients, results);
                } finally {
                    tenantCore.stop().join();
                }
            }
        }
    }

    private static LoadRunner.Result grpc(int port, int clients, Duration warmup, Duration measured)
            throws InterruptedException {
        final TenantServiceBlockingStub stub = GrpcClients.newClient("http://127.0.0.1:" + port,
                                                                     TenantServiceBlockingStub.class);
        final List<SearchCompaniesRequest> requests = SearchMix.SEARCHES.stream().map(s -> {
            final SearchCompaniesRequest.Builder b = SearchCompaniesRequest.newBuilder()
                                                                           .setQuery(s.query()).setCity(s.city())
                                                                           .setCategory(s.category());
            if (!s.kind().isEmpty()) {
                b.setKind(TenantKind.valueOf("TENANT_KIND_" + s.kind().toUpperCase()));
            }
            return b.build();
        }).toList();
        return LoadRunner.run("gRPC at tenant-core", clients, requests.size(), warmup, measured, i -> {
            try {
                return stub.searchCompanies(requests.get(i)).getResultsCount() >= 0;
            } catch (StatusRuntimeException e) {
                return false;
            }
        });
    }

    static void print(int tenants, int clients, List<LoadRunner.Result> results) {
        System.out.printf("%nCompany search, %,d tenants, %d clients, %d searches in the mix%n", tenants, clients,
                          SearchMix.SEARCHES.size());
        results.forEach(r -> System.out.println(r.line()));
    }

    private static int arg(String[] args, int index, int defaultValue) {
        return args.length > index ? Integer.parseInt(args[index]) : defaultValue;
    }
}
