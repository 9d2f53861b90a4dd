package dev.tradeloom.bench;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;

import dev.tradeloom.tenant.store.CompanySearchDao;
import dev.tradeloom.tenant.store.CompanySearchSql;

/**
 * The company-search SQL of tenant-core with the mix's parameters written in, one script per
 * search: for a ranked search the row estimate and then the statement the service picks with it.
 */
final class PgbenchScripts {
    private PgbenchScripts() {}

    /** {@code connection} asks the estimates, as the service does, to pick each search's statement. */
    static List<String> companySearch(Connection connection) throws SQLException {
        final List<String> scripts = new ArrayList<>();
        for (SearchMix.Search s : SearchMix.SEARCHES) {
            if (s.query().isEmpty()) {
                scripts.add(line(CompanySearchSql.BROWSE, s));
                continue;
            }
            final String estimate = line(CompanySearchSql.ESTIMATE, s);
            final boolean few = CompanySearchSql.fewMatches(estimatedRows(connection, estimate));
            scripts.add(estimate + ";\n" + line(few ? CompanySearchSql.RANKED_FEW : CompanySearchSql.RANKED_MANY, s));
        }
        return scripts;
    }

    private static long estimatedRows(Connection connection, String explain) throws SQLException {
        try (Statement statement = connection.createStatement(); var plan = statement.executeQuery(explain)) {
            plan.next();
            final Matcher rows = CompanySearchDao.ESTIMATED_ROWS.matcher(plan.getString(1));
            if (!rows.find()) {
                throw new IllegalStateException("No row estimate in: " + plan.getString(1));
            }
            return Long.parseLong(rows.group(1));
        }
    }

    /** One statement per line is what pgbench expects. */
    private static String line(String sql, SearchMix.Search s) {
        return sql.replace(":query", literal(s.query()))
                  .replace(":kind", literal(s.kind()))
                  .replace(":city", literal(s.city()))
                  .replace(":category", literal(s.category()))
                  .replace(":afterTier", "null")
                  .replace(":afterName", "null")
                  .replace(":afterId", "null::uuid")
                  .replace(":limit", "21")
                  .replace('\n', ' ');
    }

    private static String literal(String value) {
        return '\'' + value.replace("'", "''") + '\'';
    }
}
