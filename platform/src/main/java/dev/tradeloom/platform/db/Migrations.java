package dev.tradeloom.platform.db;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;

import org.flywaydb.core.Flyway;

/**
 * Applies a service's schema migrations as the schema owner. Two histories live in the schema:
 * the platform's own tables (queue, outbox) from {@code db/platform}, and the service's from
 * {@code db/migration/<schema>}. Both can grant to the runtime role through {@code ${app_role}}.
 */
final class Migrations {
    private Migrations() {}

    static void apply(DatabaseConfig config, String schema) {
        try (Connection owner = DriverManager.getConnection(config.jdbcUrl(), config.migrationUser(),
                                                            config.migrationPassword())) {
            ensureRuntimeRole(owner, config);
            checkRowLevelSecurity(owner, config);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot prepare database role " + config.user() + ": "
                                            + e.getMessage(), e);
        }
        final Map<String, String> placeholders = Map.of("app_role", config.user(), "schema", schema);
        migrate(config, schema, "classpath:db/platform", "platform_schema_history", placeholders);
        migrate(config, schema, "classpath:db/migration/" + schema, "flyway_schema_history", placeholders);
    }

    private static void migrate(DatabaseConfig config, String schema, String location, String table,
                                Map<String, String> placeholders) {
        Flyway.configure()
              .dataSource(config.jdbcUrl(), config.migrationUser(), config.migrationPassword())
              .schemas(schema)
              .createSchemas(true)
              .locations(location)
              .table(table)
              .placeholders(placeholders)
              .failOnMissingLocations(false)
              // The second history starts in a schema the first one already populated.
              .baselineOnMigrate(true)
              .baselineVersion("0")
              .load()
              .migrate();
    }

    /** Creates the runtime login role when it is missing, so one command starts a fresh database. */
    private static void ensureRuntimeRole(Connection owner, DatabaseConfig config) throws SQLException {
        try (var exists = owner.prepareStatement("select 1 from pg_roles where rolname = ?")) {
            exists.setString(1, config.user());
            try (var rs = exists.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
        }
        try (var create = owner.createStatement()) {
            create.execute("create role " + quoteIdentifier(config.user()) + " login nosuperuser "
                           + "nobypassrls password " + quoteLiteral(config.password()));
        }
    }

    /**
     * Refuses to start when row-level security would not hold as designed: the runtime role must be subject
     * to it, or one tenant's queries could read another's rows; the schema owner must bypass it, since the
     * tables force it on their owner too, and the owner's {@code security definer} functions (marketplace
     * search, the Meta feed's token lookup) and backfills read across tenants. Either mistake would otherwise
     * show only as a leak or as lists that stay empty.
     */
    private static void checkRowLevelSecurity(Connection owner, DatabaseConfig config) throws SQLException {
        try (var roles = owner.prepareStatement("select rolname, rolsuper or rolbypassrls from pg_roles "
                                                + "where rolname in (?, ?)")) {
            roles.setString(1, config.user());
            roles.setString(2, config.migrationUser());
            try (var rs = roles.executeQuery()) {
                while (rs.next()) {
                    final String role = rs.getString(1);
                    final boolean bypasses = rs.getBoolean(2);
                    if (role.equals(config.user()) && bypasses) {
                        throw new IllegalStateException(
                                "DB_USER " + role + " bypasses row-level security (it is a superuser or has "
                                + "BYPASSRLS), so one tenant's queries could read another's rows: use a role "
                                + "with neither (one is created when DB_USER names no role)");
                    }
                    if (role.equals(config.migrationUser()) && !bypasses) {
                        throw new IllegalStateException(
                                "DB_MIGRATION_USER " + role + " must bypass row-level security (a superuser, or "
                                + "ALTER ROLE " + quoteIdentifier(role) + " BYPASSRLS): the schema's tables "
                                + "force it on their owner, whose functions read across tenants");
                    }
                }
            }
        }
    }

    static String quoteIdentifier(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    private static String quoteLiteral(String value) {
        return '\'' + value.replace("'", "''") + '\'';
    }
}
