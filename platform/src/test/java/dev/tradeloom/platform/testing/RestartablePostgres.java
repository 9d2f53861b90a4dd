package dev.tradeloom.platform.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

import org.jdbi.v3.core.JdbiException;
import org.jspecify.annotations.Nullable;

import dev.tradeloom.platform.db.Database;
import dev.tradeloom.platform.db.DatabaseConfig;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * An embedded PostgreSQL of one test's own that can be stopped and started again on the same data
 * directory and port, as a database restart looks to the services that use it. Never the shared
 * {@link TestPostgres}: other test classes rely on that one staying up.
 */
public final class RestartablePostgres implements AutoCloseable {
    private final Path dataDirectory;
    private final int port;
    private @Nullable EmbeddedPostgres postgres;

    private RestartablePostgres(Path dataDirectory, EmbeddedPostgres postgres) {
        this.dataDirectory = dataDirectory;
        this.postgres = postgres;
        port = postgres.getPort();
    }

    /** Initializes {@code dataDirectory} and starts the server on a free port, kept across restarts. */
    public static RestartablePostgres start(Path dataDirectory) {
        return new RestartablePostgres(dataDirectory, launch(dataDirectory, 0));
    }

    /**
     * Settings for a service that owns {@code schema} in the {@code postgres} database: its own runtime
     * role, the superuser for migrations.
     */
    public DatabaseConfig configFor(String schema) {
        // Built by hand: zonky's getJdbcUrl() appends ?user=postgres, which would override the runtime role.
        final String url = "jdbc:postgresql://localhost:" + port + "/postgres";
        return new DatabaseConfig(url, schema + "_svc", schema + "_svc", "postgres", "postgres", 8);
    }

    /** Stops the server (fast shutdown: sessions are terminated); the data stays. */
    public synchronized void stop() {
        final EmbeddedPostgres running = postgres;
        if (running == null) {
            throw new IllegalStateException("PostgreSQL on port " + port + " is already stopped");
        }
        postgres = null;
        try {
            running.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the server again on the same data directory and port. */
    public synchronized void restart() {
        if (postgres != null) {
            throw new IllegalStateException("PostgreSQL on port " + port + " is running (expected: stopped)");
        }
        postgres = launch(dataDirectory, port);
    }

    @Override
    public synchronized void close() {
        if (postgres != null) {
            stop();
        }
    }

    private static EmbeddedPostgres launch(Path dataDirectory, int port) {
        final EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                                                                 .setDataDirectory(dataDirectory)
                                                                 .setCleanDataDirectory(false)
                                                                 .setServerConfig("max_connections", "100")
                                                                 .setServerConfig("fsync", "off");
        if (port != 0) {
            builder.setPort(port);
        }
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start PostgreSQL in " + dataDirectory + " on port " + port,
                                           e);
        }
    }

    /**
     * Whether {@code db}'s pool reaches the server now: after a restart it reconnects on its own schedule, its
     * retries having backed off through the outage.
     */
    public static boolean poolConnects(Database db) {
        try {
            return db.jdbi().withHandle(h -> h.createQuery("select 1").mapTo(Integer.class).one()) == 1;
        } catch (JdbiException e) {
            return false;
        }
    }
}
