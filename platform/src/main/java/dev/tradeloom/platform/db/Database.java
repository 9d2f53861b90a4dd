package dev.tradeloom.platform.db;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.StatementException;
import org.jdbi.v3.core.statement.StatementExceptions;
import org.jdbi.v3.postgres.PostgresPlugin;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * A service's database: its schema migrated at start, then a connection pool as the runtime
 * role, JDBI on top and the {@link Transactor} that scopes every transaction.
 */
public final class Database implements AutoCloseable {
    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    private final Transactor transactor;
    private final String schema;

    private final DatabaseConfig config;

    private Database(HikariDataSource dataSource, DatabaseConfig config, String schema) {
        this.dataSource = dataSource;
        this.config = config;
        this.schema = schema;
        jdbi = Jdbi.create(dataSource)
                   .installPlugin(new SqlObjectPlugin())
                   .installPlugin(new PostgresPlugin())
                   .registerRowMapper(new RecordMappers());
        jdbi.getConfig(StatementExceptions.class).setMessageRendering(Database::withoutValues);
        transactor = new Transactor(jdbi);
    }

    /**
     * A failed statement's message with its SQL as written, placeholders and all: errors are logged, and the
     * values bound (a buyer's email, a message) must not be.
     */
    private static String withoutValues(StatementException e) {
        final StatementContext context = e.getStatementContext();
        final String sql = context == null ? null : context.getRawSql();
        return sql == null ? e.getShortMessage() : e.getShortMessage() + " [statement: \"" + sql + "\"]";
    }

    /** Migrates {@code schema} and opens the runtime pool with {@code search_path} set to it. */
    public static Database start(DatabaseConfig config, String schema) {
        requireNonNull(config, "config");
        requireNonNull(schema, "schema");
        Migrations.apply(config, schema);
        final HikariConfig hikari = new HikariConfig();
        hikari.setPoolName(schema + "-pool");
        hikari.setJdbcUrl(config.jdbcUrl());
        hikari.setUsername(config.user());
        hikari.setPassword(config.password());
        hikari.setMaximumPoolSize(config.poolSize());
        hikari.setConnectionTimeout(config.connectionTimeout().toMillis());
        hikari.setSchema(schema);
        // The server's detail on an error quotes the row's values ("Failing row contains ..."); errors are logged.
        hikari.addDataSourceProperty("logServerErrorDetail", "false");
        hikari.setConnectionInitSql("set search_path to " + Migrations.quoteIdentifier(schema));
        return new Database(new HikariDataSource(hikari), config, schema);
    }

    /** How this database is reached, for tools that need a connection of their own (LISTEN). */
    public DatabaseConfig config() {
        return config;
    }

    public String schema() {
        return schema;
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    public Transactor transactor() {
        return transactor;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** True when a connection can be borrowed and answers within a second. */
    public boolean isHealthy() {
        try (Connection c = dataSource.getConnection()) {
            return c.isValid(1);
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
