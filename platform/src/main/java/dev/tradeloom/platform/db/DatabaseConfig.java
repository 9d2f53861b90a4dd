package dev.tradeloom.platform.db;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

import dev.tradeloom.platform.config.Env;

/**
 * How a service reaches PostgreSQL. Migrations run as {@code migrationUser} (the schema owner);
 * the service's queries run as {@code user}, a role that row-level security applies to.
 *
 * @param jdbcUrl         {@code DB_URL}, default {@code jdbc:postgresql://localhost:5432/tradeloom}
 * @param user            {@code DB_USER}, default {@code <schema>_svc}; created at start if missing
 * @param password        {@code DB_PASSWORD}, default {@code <schema>_svc}
 * @param migrationUser   {@code DB_MIGRATION_USER}, default {@code postgres}
 * @param migrationPassword {@code DB_MIGRATION_PASSWORD}, default {@code postgres}
 * @param poolSize        {@code DB_POOL_SIZE}, default 10
 * @param connectionTimeout {@code DB_CONNECTION_TIMEOUT}, default 5s: how long a query waits for a pooled
 *                        connection (say, while the database restarts) before it fails; shorter than the
 *                        edge's request timeout, so that a client hears UNAVAILABLE rather than a timeout
 */
public record DatabaseConfig(String jdbcUrl, String user, String password, String migrationUser,
                             String migrationPassword, int poolSize, Duration connectionTimeout) {

    /** The pool's default wait for a connection. */
    public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(5);

    public DatabaseConfig {
        requireNonNull(jdbcUrl, "jdbcUrl");
        requireNonNull(user, "user");
        requireNonNull(password, "password");
        requireNonNull(migrationUser, "migrationUser");
        requireNonNull(migrationPassword, "migrationPassword");
        requireNonNull(connectionTimeout, "connectionTimeout");
        if (connectionTimeout.toMillis() < 250) {
            throw new IllegalArgumentException("connectionTimeout: " + connectionTimeout
                                               + " (expected: >= 250ms)");
        }
        if (user.equals(migrationUser)) {
            throw new IllegalArgumentException(
                    "DB_USER must differ from DB_MIGRATION_USER: row-level security does not apply to "
                    + "the schema owner");
        }
    }

    /** Settings with the default connection timeout. */
    public DatabaseConfig(String jdbcUrl, String user, String password, String migrationUser,
                          String migrationPassword, int poolSize) {
        this(jdbcUrl, user, password, migrationUser, migrationPassword, poolSize, DEFAULT_CONNECTION_TIMEOUT);
    }

    /** Reads the settings of the service that owns {@code schema}. */
    public static DatabaseConfig fromEnv(Env env, String schema) {
        final String defaultUser = schema + "_svc";
        return new DatabaseConfig(
                env.string("DB_URL", "jdbc:postgresql://localhost:5432/tradeloom"),
                env.string("DB_USER", defaultUser),
                env.string("DB_PASSWORD", defaultUser),
                env.string("DB_MIGRATION_USER", "postgres"),
                env.string("DB_MIGRATION_PASSWORD", "postgres"),
                env.integer("DB_POOL_SIZE", 10, 1, 200),
                env.duration("DB_CONNECTION_TIMEOUT", DEFAULT_CONNECTION_TIMEOUT));
    }

    /** The same database reached as a different runtime role. */
    public DatabaseConfig withUser(String newUser, String newPassword) {
        return new DatabaseConfig(jdbcUrl, newUser, newPassword, migrationUser, migrationPassword, poolSize,
                                  connectionTimeout);
    }

    /** The same database with a different wait for a pooled connection. */
    public DatabaseConfig withConnectionTimeout(Duration timeout) {
        return new DatabaseConfig(jdbcUrl, user, password, migrationUser, migrationPassword, poolSize, timeout);
    }

    @Override
    public String toString() {
        // Never print passwords.
        return "DatabaseConfig[jdbcUrl=" + jdbcUrl + ", user=" + user + ", migrationUser=" + migrationUser
               + ", poolSize=" + poolSize + ", connectionTimeout=" + connectionTimeout + ']';
    }
}
