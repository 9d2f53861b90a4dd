package dev.tradeloom.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * With {@code -Dbench.statements}: where PostgreSQL's time goes, by statement, from its own account
 * ({@code pg_stat_statements}, preloaded into the benchmark's embedded server). Execution time only:
 * parsing, planning and commit are not in it.
 */
final class StatementTimes {
    private static final int TOP = 15;
    private static final int QUERY_CHARS = 110;

    private StatementTimes() {}

    static boolean enabled() {
        return System.getProperty("bench.statements") != null;
    }

    /** Installs the extension (its library must be preloaded: {@code shared_preload_libraries}). */
    static void install(String jdbcUrl) throws SQLException {
        execute(jdbcUrl, "create extension if not exists pg_stat_statements");
    }

    /** Starts counting afresh. */
    static void reset(String jdbcUrl) throws SQLException {
        execute(jdbcUrl, "select pg_stat_statements_reset()");
    }

    private static void execute(String jdbcUrl, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
             Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** The statements that took the most time since {@link #reset}, each per {@code unit}. */
    static List<String> report(String jdbcUrl, long units, String unit) throws SQLException {
        final List<String> lines = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("""
                     select total_exec_time, calls, rows, regexp_replace(query, '\\s+', ' ', 'g')
                       from pg_stat_statements order by total_exec_time desc limit %d""".formatted(TOP))) {
            lines.add("PostgreSQL execution time by statement, per " + unit + " (pg_stat_statements):");
            while (rs.next()) {
                final String query = rs.getString(4);
                lines.add(String.format("  %7.3f ms %7.2f calls %8.2f rows  %s", rs.getDouble(1) / units,
                                        (double) rs.getLong(2) / units, (double) rs.getLong(3) / units,
                                        query.length() > QUERY_CHARS ? query.substring(0, QUERY_CHARS) + "…"
                                                                    : query));
            }
        }
        return lines;
    }
}
