package dev.tradeloom.platform.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.tradeloom.platform.testing.TestPostgres;

class MigrationsTest {

    @Test
    void aRuntimeRoleThatBypassesRowLevelSecurity_isRefusedAtStart_beforeAnyMigration() throws SQLException {
        final DatabaseConfig fresh = TestPostgres.newDatabase("demo");
        final String role = "rls_bypassing_" + suffix();
        asPostgres(fresh, "create role " + role + " login bypassrls password 'x'");
        final DatabaseConfig config = new DatabaseConfig(fresh.jdbcUrl(), role, "x", fresh.migrationUser(),
                                                         fresh.migrationPassword(), 2);

        assertThatThrownBy(() -> Database.start(config, "demo"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("DB_USER " + role + " bypasses row-level security (it is a superuser or has "
                            + "BYPASSRLS), so one tenant's queries could read another's rows: use a role with "
                            + "neither (one is created when DB_USER names no role)");
        assertThat(schemaExists(fresh, "demo")).as("nothing migrated").isFalse();
    }

    @Test
    void aSchemaOwnerSubjectToRowLevelSecurity_isRefusedAtStart_beforeAnyMigration() throws SQLException {
        final DatabaseConfig fresh = TestPostgres.newDatabase("demo");
        final String owner = "plain_owner_" + suffix();
        asPostgres(fresh, "create role " + owner + " login createrole password 'y'");
        asPostgres(fresh, "grant create on database " + fresh.jdbcUrl().substring(fresh.jdbcUrl().lastIndexOf('/') + 1)
                          + " to " + owner);
        final DatabaseConfig config = new DatabaseConfig(fresh.jdbcUrl(), fresh.user(), fresh.password(), owner,
                                                         "y", 2);

        assertThatThrownBy(() -> Database.start(config, "demo"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("DB_MIGRATION_USER " + owner + " must bypass row-level security (a superuser, or "
                            + "ALTER ROLE \"" + owner + "\" BYPASSRLS): the schema's tables force it on their "
                            + "owner, whose functions read across tenants");
        assertThat(schemaExists(fresh, "demo")).as("nothing migrated").isFalse();
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private static void asPostgres(DatabaseConfig config, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(config.jdbcUrl(), config.migrationUser(),
                                                        config.migrationPassword());
             Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static boolean schemaExists(DatabaseConfig config, String schema) throws SQLException {
        try (Connection c = DriverManager.getConnection(config.jdbcUrl(), config.migrationUser(),
                                                        config.migrationPassword());
             var query = c.prepareStatement("select 1 from pg_namespace where nspname = ?")) {
            query.setString(1, schema);
            try (var rs = query.executeQuery()) {
                return rs.next();
            }
        }
    }
}
