package dev.tradeloom.bench;

import java.util.List;

import dev.tradeloom.tenant.store.CompanySearchSql;

/** The company-search SQL of tenant-core with the mix's parameters written in, one script per search. */
final class PgbenchScripts {
    private PgbenchScripts() {}

    static List<String> companySearch() {
        return SearchMix.SEARCHES.stream().map(PgbenchScripts::script).toList();
    }

    private static String script(SearchMix.Search s) {
        final String sql = s.query().isEmpty() ? CompanySearchSql.BROWSE : CompanySearchSql.RANKED;
        // One statement per line is what pgbench expects.
        return sql.replace(":query", literal(s.query()))
                  .replace(":kind", literal(s.kind()))
                  .replace(":city", literal(s.city()))
                  .replace(":category", literal(s.category()))
                  .replace(":afterRank", "null")
                  .replace(":afterName", "null")
                  .replace(":afterId", "null::uuid")
                  .replace(":limit", "21")
                  .replace('\n', ' ');
    }

    private static String literal(String value) {
        return '\'' + value.replace("'", "''") + '\'';
    }
}
