package dev.tradeloom.platform.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;

import dev.tradeloom.platform.db.DatabaseConfig;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * One embedded PostgreSQL per test JVM, and a fresh database for each caller, so test classes
 * never see each other's rows. Runtime roles are cluster-wide and created on first use.
 */
public final class TestPostgres {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres postgres;

    private TestPostgres() {}

    /** A new empty database; {@code schema} names the default runtime role ({@code <schema>_svc}). */
    public static synchronized DatabaseConfig newDatabase(String schema) {
        final EmbeddedPostgres pg = server();
        final String name = "test_" + ProcessHandle.current().pid() + '_' + DATABASES.incrementAndGet();
        try (var c = pg.getPostgresDatabase().getConnection(); var s = c.createStatement()) {
            s.execute("create database " + name);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        // Built by hand: zonky's getJdbcUrl() appends ?user=postgres, which would override the
        // runtime role and let row-level-security tests pass for the wrong reason.
        final String url = "jdbc:postgresql://localhost:" + pg.getPort() + '/' + name;
        return new DatabaseConfig(url, schema + "_svc", schema + "_svc", "postgres", "postgres", 8);
    }

    /** The server's port, for tools such as pgbench. */
    public static synchronized int port() {
        return server().getPort();
    }

    private static EmbeddedPostgres server() {
        if (postgres == null) {
            try {
                postgres = EmbeddedPostgres.builder()
                                           .setServerConfig("max_connections", "300")
                                           .setServerConfig("fsync", "off")
                                           .setServerConfig("synchronous_commit", "off")
                                           // Tests count calls of PL/pgSQL functions (pg_stat_xact_user_functions).
                                           .setServerConfig("track_functions", "pl")
                                           .start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                } catch (IOException ignored) {
                    // The JVM is exiting; nothing left to clean.
                }
            }));
        }
        return postgres;
    }
}
