package dev.tradeloom.tenant.store;

/**
 * The company-search statements, kept as constants so the benchmark runs the very same SQL
 * through pgbench. Both read the {@code company_search} projection and then fetch the page's
 * tenants by id.
 *
 * <p>Ranked search finds tenants whose whole document matches the query (so {@code -word} excludes
 * by any field) and orders them by relevance tier — 3: the name alone matches the query, 2: name
 * and category do, 1: it matches only with city or description — and, within a tier, newest first. Each
 * tier is one indexed branch that takes its first {@code limit} rows; since each tier's rows are
 * a superset of the purer tiers, the union holds the true first page. A branch is either a GIN
 * lookup (rare terms) or a walk down the primary key that stops at {@code limit} rows (common
 * terms), so no query ranks every match. Pages continue after (tier, id).
 *
 * <p>Browsing (no query) orders by name. Filters: kind ({@code both} matches either side), city
 * and category, case-insensitively.
 */
public final class CompanySearchSql {
    private static final String FILTERS = """
              and (:kind = '' or c.kind = :kind or c.kind = 'both')
              and (:city = '' or c.city_key = lower(:city))
              and (:category = '' or c.category_key = lower(:category))
            """;

    private static final String TIER = """
            case when c.name_terms @@ websearch_to_tsquery('english', :query) then 3
                 when c.head_terms @@ websearch_to_tsquery('english', :query) then 2
                 else 1 end""";

    private static final String AFTER = """
              and (cast(:afterTier as int) is null
                   or (""" + TIER + ") < :afterTier or ((" + TIER + """
            ) = :afterTier and c.tenant_id < :afterId))
            """;

    /** Every branch ends alike: filters, the page position, newest first, the page size. */
    private static final String BRANCH_END = FILTERS + AFTER + " order by c.tenant_id desc limit :limit)";

    /** Parameters: query, kind, city, category, afterTier (nullable), afterId, limit. */
    public static final String RANKED = """
            with hits as (
            (select c.tenant_id, 3 as tier from company_search c
              where c.name_terms @@ websearch_to_tsquery('english', :query)
                and (querytree(websearch_to_tsquery('english', :query)) = websearch_to_tsquery('english', :query)::text
                     or c.document @@ websearch_to_tsquery('english', :query))
                and (cast(:afterTier as int) is null or :afterTier >= 3)
            """ + BRANCH_END + """

            union all
            (select c.tenant_id, 2 as tier from company_search c
              where c.head_terms @@ websearch_to_tsquery('english', :query)
                and (querytree(websearch_to_tsquery('english', :query)) = websearch_to_tsquery('english', :query)::text
                     or c.document @@ websearch_to_tsquery('english', :query))
                and (cast(:afterTier as int) is null or :afterTier >= 2)
            """ + BRANCH_END + """

            union all
            (select c.tenant_id, 1 as tier from company_search c
              where c.document @@ websearch_to_tsquery('english', :query)
            """ + BRANCH_END + """
            ), best as (select tenant_id, max(tier) as tier from hits group by tenant_id)
            select\s""" + TenantDao.COLUMNS + """
            , best.tier::float4 as rank
            from best join tenants t on t.id = best.tenant_id
            order by best.tier desc, t.id desc
            limit :limit""";

    /** Parameters: kind, city, category, afterName (nullable), afterId, limit. */
    public static final String BROWSE = """
            with page as (select c.tenant_id, c.name_key from company_search c
             where true
            """ + FILTERS + """
              and (cast(:afterName as text) is null or (c.name_key, c.tenant_id) > (:afterName, :afterId))
             order by c.name_key, c.tenant_id
             limit :limit)
            select\s""" + TenantDao.COLUMNS + """
            , 0::float4 as rank
            from page join tenants t on t.id = page.tenant_id
            order by page.name_key, t.id
            limit :limit""";

    private CompanySearchSql() {}
}
