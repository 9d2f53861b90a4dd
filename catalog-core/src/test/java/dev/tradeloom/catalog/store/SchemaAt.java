package dev.tradeloom.catalog.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

import org.flywaydb.core.Flyway;
import org.jspecify.annotations.Nullable;

import dev.tradeloom.catalog.CatalogCoreConfig;
import dev.tradeloom.platform.db.DatabaseConfig;

/** A database whose catalog schema is migrated only up to a version, to test what later migrations do. */
final class SchemaAt {
    private static final String SCHEMA = CatalogCoreConfig.SCHEMA;

    private SchemaAt() {}

    /** Applies the migrations as {@code Database.start} does, the catalog's only up to {@code version}. */
    static void migrateUpTo(DatabaseConfig config, String version) throws SQLException {
        try (Connection c = DriverManager.getConnection(config.jdbcUrl(), config.migrationUser(),
                                                        config.migrationPassword());
             Statement s = c.createStatement()) {
            // Another test's database may have made the runtime role already; roles are per server.
            s.execute("do $$ begin create role " + config.user() + " login password '" + config.password()
                      + "'; exception when duplicate_object then null; end $$");
        }
        final Map<String, String> placeholders = Map.of("app_role", config.user(), "schema", SCHEMA);
        migrate(config, "classpath:db/platform", "platform_schema_history", placeholders, null);
        migrate(config, "classpath:db/migration/" + SCHEMA, "flyway_schema_history", placeholders, version);
    }

    /** Runs {@code sql} as the migration user in the catalog schema. */
    static void execute(DatabaseConfig config, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(config.jdbcUrl(), config.migrationUser(),
                                                        config.migrationPassword());
             Statement s = c.createStatement()) {
            s.execute("set search_path = " + SCHEMA);
            s.execute(sql);
        }
    }

    private static void migrate(DatabaseConfig config, String location, String table,
                                Map<String, String> placeholders, @Nullable String target) {
        final var flyway = Flyway.configure()
                                 .dataSource(config.jdbcUrl(), config.migrationUser(),
                                             config.migrationPassword())
                                 .schemas(SCHEMA).createSchemas(true).locations(location).table(table)
                                 .placeholders(placeholders).baselineOnMigrate(true).baselineVersion("0");
        if (target != null) {
            flyway.target(target);
        }
        flyway.load().migrate();
    }
}
