package dev.tradeloom.launcher;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.linecorp.armeria.server.Server;

import dev.tradeloom.bff.BffConfig;
import dev.tradeloom.bff.BffServer;
import dev.tradeloom.catalog.CatalogCoreApp;
import dev.tradeloom.catalog.CatalogCoreConfig;
import dev.tradeloom.enquiry.EnquiryCoreApp;
import dev.tradeloom.enquiry.EnquiryCoreConfig;
import dev.tradeloom.enquiry.domain.CrmSettings;
import dev.tradeloom.platform.config.Env;
import dev.tradeloom.platform.task.Periodic;
import dev.tradeloom.tenant.TenantCoreApp;
import dev.tradeloom.tenant.TenantCoreConfig;
import dev.tradeloom.tenant.domain.AccountSecrets;
import dev.tradeloom.tryon.TryOnWorkerApp;
import dev.tradeloom.tryon.TryOnWorkerConfig;

/**
 * Tradeloom in one process for local use: embedded PostgreSQL and an embedded S3-compatible store (data
 * kept in {@code TRADELOOM_HOME}), a mail catcher, every core service (tenant-core, catalog-core,
 * enquiry-core, tryon-worker) on its own loopback port and the edge on {@code http://localhost:8080}: the same code and
 * the same wire as production.
 */
public final class Launcher {
    private static final Logger logger = LoggerFactory.getLogger(Launcher.class);

    private Launcher() {}

    public static void main(String[] args) {
        try {
            start(args);
        } catch (RuntimeException e) {
            // What started before the failure (PostgreSQL, the mail catcher, servers) would keep the process
            // alive; exiting runs the shutdown hook, which stops it.
            logger.error("Tradeloom did not start", e);
            System.exit(1);
        }
    }

    private static void start(String[] args) {
        final Env env = Env.system();
        final LauncherConfig config = LauncherConfig.from(env, args);
        final Deque<Runnable> running = new ArrayDeque<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stopAll(running), "launcher-shutdown"));

        final EmbeddedDatabase postgres = EmbeddedDatabase.start(config.home().resolve("postgres"),
                                                                 config.postgresPort());
        running.push(postgres::close);
        final MailCatcher mail = MailCatcher.start(config.smtpPort());
        running.push(mail::close);
        final Server mailPage = Server.builder().http(config.mailWebPort()).service("/", mail.page()).build();
        mailPage.start().join();
        running.push(() -> mailPage.stop().join());

        final EmbeddedS3 s3 = EmbeddedS3.start(config.home().resolve("s3"), config.s3Port());
        running.push(s3::close);

        final Env services = env.with(Map.of(
                "DB_URL", postgres.configFor(TenantCoreConfig.SCHEMA).jdbcUrl(),
                "S3_ENDPOINT", s3.endpoint(),
                "S3_ACCESS_KEY", EmbeddedS3.ACCESS_KEY,
                "S3_SECRET_KEY", EmbeddedS3.SECRET_KEY,
                "SMTP_HOST", "127.0.0.1",
                "SMTP_PORT", String.valueOf(mail.smtpPort()),
                // Local use is plain HTTP, so the refresh cookie cannot be Secure.
                "COOKIE_SECURE", env.string("COOKIE_SECURE", "false"),
                AccountSecrets.SECRET_KEY,
                secretKey(env, config, AccountSecrets.SECRET_KEY, "account-secret-key"),
                CrmSettings.SECRET_KEY, secretKey(env, config, CrmSettings.SECRET_KEY, "crm-secret-key")));
        // The core services stop together (each waits out its graceful shutdown), after the edge.
        final List<Runnable> cores = new CopyOnWriteArrayList<>();
        running.push(() -> stopTogether(cores));
        final TenantCoreApp tenantCore = TenantCoreApp.start(TenantCoreConfig.fromEnv(services));
        cores.add(tenantCore::close);
        final Env withTenantCore = services.with(Map.of("TENANT_CORE_URL", tenantCore.uri()));
        final CatalogCoreApp catalogCore = CatalogCoreApp.start(CatalogCoreConfig.fromEnv(withTenantCore));
        cores.add(catalogCore::close);
        final Env withCatalogCore = withTenantCore.with(Map.of("CATALOG_CORE_URL", catalogCore.uri()));
        final EnquiryCoreApp enquiryCore = EnquiryCoreApp.start(EnquiryCoreConfig.fromEnv(withCatalogCore));
        cores.add(enquiryCore::close);
        final TryOnWorkerConfig tryOnConfig = TryOnWorkerConfig.fromEnv(withCatalogCore);
        final TryOnWorkerApp tryOn = TryOnWorkerApp.start(tryOnConfig);
        cores.add(tryOn::close);
        final BffConfig bffConfig = BffConfig.fromEnv(withCatalogCore.with(Map.of(
                "ENQUIRY_CORE_URL", enquiryCore.uri(), "TRYON_URL", tryOn.uri())));
        final Server bff = BffServer.configure(Server.builder(), bffConfig).build();
        bff.start().join();
        running.push(() -> bff.stop().join());

        // On Periodic, so that one message that cannot be printed does not end the echo of all later ones.
        final Periodic echo = new Periodic("mail-echo");
        echo.runEvery(Duration.ofSeconds(1), Duration.ofSeconds(1), mail::printNewMessages);
        running.push(echo::close);

        if (config.demo()) {
            DemoData.load(tenantCore.uri(), catalogCore.uri(), mail, catalogCore.supplierSync()::pull);
            // Suggestions offer the demo catalog's words at once rather than at the next recount.
            catalogCore.searchTerms().refresh();
        }
        final int port = bff.activeLocalPort();
        System.out.printf("""

                Tradeloom is running.
                  API (REST, gRPC, gRPC-Web)  http://localhost:%d
                  API docs                    http://localhost:%d/docs/
                  Health / metrics            http://localhost:%d/internal/health  /internal/metrics
                  tenant-core (gRPC)          %s
                  catalog-core (gRPC)         %s
                  enquiry-core (gRPC)         %s
                  tryon-worker (gRPC)         %s (%s)
                  Caught mail                 http://localhost:%d/
                  PostgreSQL                  localhost:%d (data in %s)
                  S3 (images)                 %s (objects in %s)
                %s
                Press Ctrl+C to stop.
                """, port, port, port, tenantCore.uri(), catalogCore.uri(), enquiryCore.uri(), tryOn.uri(),
                          tryOnConfig.gemini().enabled() ? "Gemini " + tryOnConfig.gemini().model()
                                                         : "offline try-on provider: no GEMINI_API_KEY",
                          config.mailWebPort(), postgres.port(),
                          config.home().resolve("postgres"), s3.endpoint(), s3.directory(),
                          config.demo() ? "  Demo login                  " + DemoData.EMAIL + " / " + DemoData.PASSWORD
                                          + '\n' : "");
    }

    /**
     * The secret key {@code variable} when set, else the key kept in {@code file} of {@code TRADELOOM_HOME},
     * drawn on the first run: what the local database keeps sealed (TOTP secrets and signing keys with
     * {@code ACCOUNT_SECRET_KEY}, CRM credentials with {@code CRM_SECRET_KEY}) opens only with the key it was
     * sealed with. With a CRM key drawn, a supplier can connect Zoho on a local run as in production.
     */
    private static String secretKey(Env env, LauncherConfig config, String variable, String file) {
        final String given = env.optional(variable);
        return given != null ? given : LocalSecretKey.readOrCreate(config.home().resolve(file));
    }

    /** Stops what started, newest first. */
    private static void stopAll(Deque<Runnable> running) {
        while (!running.isEmpty()) {
            running.pop().run();
        }
        logger.info("Tradeloom stopped");
    }

    private static void stopTogether(List<Runnable> stops) {
        final CompletableFuture<?>[] stopping = stops.stream().map(stop -> CompletableFuture.runAsync(stop)
                .exceptionally(e -> {
                    logger.warn("A service did not stop cleanly", e);
                    return null;
                })).toArray(CompletableFuture<?>[]::new);
        CompletableFuture.allOf(stopping).join();
    }
}
