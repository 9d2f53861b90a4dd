package dev.tradeloom.tenant.store;

/**
 * The company-search statements, kept as constants so the benchmark can run the very same SQL
 * through pgbench. Ranked search orders by {@code ts_rank_cd} (weights: name A, category B,
 * city and description C) then id; browsing (no query) orders by name then id. Both page by
 * keyset. Filters: kind ({@code both} matches either side), city, category (case-insensitive).
 */
public final class CompanySearchSql {
    static final String FILTERS = """
              and t.status = 'active'
              and (:kind = '' or t.kind = :kind or t.kind = 'both')
              and (:city = '' or lower(t.city) = lower(:city))
              and (:category = '' or lower(t.category) = lower(:category))
            """;

    /** Parameters: query, kind, city, category, afterRank (nullable), afterId, limit. */
    public static final String RANKED = "select " + TenantDao.COLUMNS + """
            , ts_rank_cd(t.search, q.query)::float4 as rank
            from tenants t, websearch_to_tsquery('english', :query) as q(query)
            where t.search @@ q.query
            """ + FILTERS + """
              and (cast(:afterRank as float4) is null
                   or ts_rank_cd(t.search, q.query)::float4 < :afterRank
                   or (ts_rank_cd(t.search, q.query)::float4 = :afterRank and t.id > :afterId))
            order by rank desc, t.id
            limit :limit""";

    /** Parameters: kind, city, category, afterName (nullable), afterId, limit. */
    public static final String BROWSE = "select " + TenantDao.COLUMNS + """
            , 0::float4 as rank
            from tenants t
            where true
            """ + FILTERS + """
              and (cast(:afterName as text) is null or (lower(t.name), t.id) > (:afterName, :afterId))
            order by lower(t.name), t.id
            limit :limit""";

    private CompanySearchSql() {}
}
