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
        ensureRuntimeRole(config);
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
    private static void ensureRuntimeRole(DatabaseConfig config) {
        try (Connection c = DriverManager.getConnection(config.jdbcUrl(), config.migrationUser(),
                                                        config.migrationPassword());
             var exists = c.prepareStatement("select 1 from pg_roles where rolname = ?")) {
            exists.setString(1, config.user());
            try (var rs = exists.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
            try (var create = c.createStatement()) {
                create.execute("create role " + quoteIdentifier(config.user()) + " login nosuperuser "
                               + "nobypassrls password " + quoteLiteral(config.password()));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot prepare database role " + config.user() + ": "
                                            + e.getMessage(), e);
        }
    }

    static String quoteIdentifier(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    private static String quoteLiteral(String value) {
        return '\'' + value.replace("'", "''") + '\'';
    }
}
