package dev.tradeloom.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

import dev.tradeloom.platform.db.DatabaseConfig;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * PostgreSQL from the embedded binaries, with its data kept in a folder so it survives a
 * restart; the first start initializes the folder.
 */
final class EmbeddedDatabase implements AutoCloseable {
    private final EmbeddedPostgres postgres;

    private EmbeddedDatabase(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    static EmbeddedDatabase start(Path dataDirectory, int port) {
        try {
            return new EmbeddedDatabase(EmbeddedPostgres.builder()
                                                        .setDataDirectory(dataDirectory)
                                                        .setCleanDataDirectory(false)
                                                        // Stopped by the launcher after the services that use it.
                                                        .setRegisterShutdownHook(false)
                                                        .setPort(port)
                                                        .setServerConfig("max_connections", "200")
                                                        .start());
        } catch (IOException | IllegalStateException e) {
            // Most often the folder's lock: a Tradeloom still stopping, or another one on the same home.
            throw new IllegalStateException("Cannot start embedded PostgreSQL in " + dataDirectory + " on port "
                                            + port + ": " + e.getMessage() + " (is another Tradeloom running "
                                            + "with this TRADELOOM_HOME or LAUNCHER_PG_PORT, or still "
                                            + "stopping?)", e);
        }
    }

    /** Settings for a service that owns {@code schema}: its own runtime role, the superuser for migrations. */
    DatabaseConfig configFor(String schema) {
        // Built by hand: getJdbcUrl() would append ?user=postgres and override the runtime role.
        final String url = "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres";
        return new DatabaseConfig(url, schema + "_svc", schema + "_svc", "postgres", "postgres", 10);
    }

    int port() {
        return postgres.getPort();
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot stop embedded PostgreSQL", e);
        }
    }
}
