package dev.tradeloom.tenant.store;

/**
 * The company-search statements, kept as constants so the benchmark runs the very same SQL
 * through pgbench. They read the {@code company_search} projection and then fetch the page's
 * tenants by id.
 *
 * <p>Ranked search finds tenants whose whole document matches the query (so {@code -word} excludes
 * by any field) and orders them by relevance tier — 3: the name alone matches the query, 2: name
 * and category do, 1: it matches only with city or description — and, within a tier, newest first.
 * Pages continue after (tier, id). Two statements give the same answer at different costs, and
 * {@link #ESTIMATE} (the planner's own row estimate, from the statistics {@code ANALYZE} keeps)
 * picks one per search:
 * <ul>
 *   <li>{@link #RANKED_FEW} fetches every match through the GIN index and sorts them: cheap while
 *       matches are few (rare terms, narrow filters);</li>
 *   <li>{@link #RANKED_MANY} walks each tier down the primary key and stops after one page: cheap
 *       when matches are many (common terms like "silk"), where sorting every match would not be.
 *       Each tier's rows are a superset of the purer tiers', so the union holds the true page.</li>
 * </ul>
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

    /**
     * The query's terms and, when set, its filters as the document's facet lexemes (see migration
     * V4), for one GIN lookup. A query without terms (stop words alone) stays empty and matches
     * nothing: joined to the facets it would vanish and match every tenant they allow.
     */
    private static final String TERMS_AND_FACETS = """
            case when :kind = '' and :city = '' and :category = ''
                      or numnode(websearch_to_tsquery('english', :query)) = 0
                 then websearch_to_tsquery('english', :query)
                 else websearch_to_tsquery('english', :query) && cast(concat_ws(' & ',
                          case when :kind <> '' then '(kind' || :kind || ' | kindboth)' end,
                          case when :city <> '' then 'city' || md5(lower(:city)) end,
                          case when :category <> '' then 'category' || md5(lower(:category)) end) as tsquery)
            end""";

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

    /**
     * The plan of a count of the matches; its first line carries the estimated rows. Parameters:
     * query, kind, city, category.
     */
    public static final String ESTIMATE = """
            explain select 1 from company_search c
             where c.document @@ (""" + TERMS_AND_FACETS + ")";

    /** Parameters: query, kind, city, category, afterTier (nullable), afterId, limit. */
    public static final String RANKED_FEW = """
            with hits as (
              select c.tenant_id,
                     case when c.name_terms @@ q then 3 when c.head_terms @@ q then 2 else 1 end as tier
                from company_search c, websearch_to_tsquery('english', :query) q
               where c.document @@ (""" + TERMS_AND_FACETS + """
            )), page as (
              select tenant_id, tier from hits
               where cast(:afterTier as int) is null or (tier, tenant_id) < (:afterTier, :afterId)
               order by tier desc, tenant_id desc
               limit :limit)
            select\s""" + TenantDao.COLUMNS + """
            , page.tier::float4 as rank
            from page join tenants t on t.id = page.tenant_id
            order by page.tier desc, t.id desc""";

    /** Parameters: query, kind, city, category, afterTier (nullable), afterId, limit. */
    public static final String RANKED_MANY = """
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
              and (cast(:afterName as text) is null
                   or (c.name_key, c.tenant_id) > (lower(:afterName), :afterId))
             order by c.name_key, c.tenant_id
             limit :limit)
            select\s""" + TenantDao.COLUMNS + """
            , 0::float4 as rank
            from page join tenants t on t.id = page.tenant_id
            order by page.name_key, t.id
            limit :limit""";

    /**
     * Up to this many estimated matches, ranking them all ({@link #RANKED_FEW}) is cheaper than
     * walking the relevance tiers. Measured with pgbench at 100K tenants: 70–110 matches rank in
     * half the time of the walk; 540 and 900 matches (narrow filters) take 1.3–2× the walk's time.
     */
    private static final long FEW_MATCHES = 300;

    private CompanySearchSql() {}

    /** Whether a search with this many estimated matches should use {@link #RANKED_FEW}. */
    public static boolean fewMatches(long estimatedMatches) {
        return estimatedMatches <= FEW_MATCHES;
    }
}
