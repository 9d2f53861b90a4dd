package dev.tradeloom.catalog.store;

/**
 * The product-search statements, kept as constants so a benchmark can run the very same SQL through
 * pgbench. They read the {@code product_search} projection (migration V4), which holds only
 * storefront-visible products.
 *
 * <p>Every statement takes the same matching parameters: {@code query} (web-search syntax, or empty),
 * {@code language} (the BCP 47 tag the query is written in, or empty for English; see migration V8),
 * {@code filtered} (whether any of the lexeme filters is set), {@code supplier} and {@code category}
 * (canonical UUID text or empty), {@code city} (or empty), {@code attributes} (the attribute filters'
 * lexemes joined by " & ", see {@link ProductSearchDao.Match#attributeLexemes}, or empty), and the
 * price range {@code minPrice}, {@code maxPrice} (nullable) and {@code currency} (or empty). The
 * query's terms and the filters become one tsquery over the document, whose filter lexemes make one
 * GIN lookup intersect both (as company search does); with neither, every document's "all" lexeme
 * matches. No part of it is a subquery, so the planner, planning with the parameters' values,
 * estimates the matches from the lexemes' statistics.
 *
 * <p>Relevance orders by tier — 3: the names alone match the query, 2: they do with category, tags
 * and attribute values, 1: only with the description — and newest first within a tier; pages continue
 * after (tier, id). As for company search, two statements give that answer at different costs and
 * {@link #ESTIMATE} (the planner's row estimate) picks one: {@link #RANKED_FEW} ranks every match,
 * {@link #RANKED_MANY} walks each tier down the id index and stops after a page. Other sorts are
 * keyset walks over (id) or (price, id), where the planner itself chooses between the GIN lookup and
 * the B-tree walk, since the statements are planned with their parameters.
 */
public final class ProductSearchSql {
    /** The columns of {@link SearchHitRow}, except its tier. */
    private static final String CARD_COLUMNS = """
            c.tenant_id, c.product_id, c.slug, c.name, c.translation_languages, c.translation_names,
            c.category_id, c.category_name, c.supplier_name, c.supplier_city, c.default_language,
            c.price_minor, c.sale_price_minor, c.currency, c.price_key, c.image_key, c.image_url""";

    private static final String ALL_LEXEME = "'alld41d8cd98f00b204e9800998ecf8427e'";

    private static final String FILTER_QUERY = """
            cast(concat_ws(' & ',
                 case when :supplier <> '' then 'sup' || replace(:supplier, '-', '') end,
                 case when :category <> '' then 'cat' || replace(:category, '-', '') end,
                 case when :city <> '' then 'city' || md5(lower(:city)) end,
                 nullif(:attributes, '')) as tsquery)""";

    /** The tsquery a document must match. */
    private static final String MATCH = """
            c.document @@ (case
                 when :query <> '' and :filtered then search_query(:language, :query) &&\s"""
            + FILTER_QUERY + """

                 when :query <> '' then search_query(:language, :query)
                 when :filtered then\s""" + FILTER_QUERY + """

                 else cast(""" + ALL_LEXEME + """
             as tsquery) end)
            """;

    private static final String PRICE = """
              and (cast(:minPrice as bigint) is null or c.price_key >= :minPrice)
              and (cast(:maxPrice as bigint) is null or c.price_key <= :maxPrice)
              and (:currency = '' or c.currency = :currency)
            """;

    private static final String WHERE = " where " + MATCH + PRICE;

    private static final String TIER = """
            case when c.name_terms @@ search_query(:language, :query) then 3
                 when c.head_terms @@ search_query(:language, :query) then 2
                 else 1 end""";

    /**
     * The plan of a count of the matches; its first line carries the estimated rows. Parameters: the
     * matching ones.
     */
    public static final String ESTIMATE = "explain select 1 from product_search c" + WHERE;

    /** Ranks every match. Parameters: the matching ones, afterTier (nullable), afterId, limit. */
    public static final String RANKED_FEW = """
            with hits as (
              select\s""" + CARD_COLUMNS + ", " + TIER + " as tier from product_search c" + WHERE + """
            )
            select * from hits
             where cast(:afterTier as int) is null or (tier, product_id) < (:afterTier, :afterId)
             order by tier desc, product_id desc
             limit :limit""";

    private static final String AFTER = """
              and (cast(:afterTier as int) is null
                   or (""" + TIER + ") < :afterTier or ((" + TIER + """
            ) = :afterTier and c.product_id < :afterId))
             order by c.product_id desc limit :limit)
            """;

    /**
     * Walks each tier newest first and stops after a page. Each tier's rows are a superset of the
     * purer tiers', so the union holds the true page. Parameters: as {@link #RANKED_FEW}.
     */
    public static final String RANKED_MANY = """
            with hits as (
            (select c.product_id, 3 as tier from product_search c
              where c.name_terms @@ search_query(:language, :query)
                and (cast(:afterTier as int) is null or :afterTier >= 3)
                and\s""" + MATCH + PRICE + AFTER + """
            union all
            (select c.product_id, 2 as tier from product_search c
              where c.head_terms @@ search_query(:language, :query)
                and (cast(:afterTier as int) is null or :afterTier >= 2)
                and\s""" + MATCH + PRICE + AFTER + """
            union all
            (select c.product_id, 1 as tier from product_search c
              where\s""" + MATCH + PRICE + AFTER + """
            ), best as (select product_id, max(tier) as tier from hits group by product_id)
            select\s""" + CARD_COLUMNS + """
            , best.tier
              from best join product_search c on c.product_id = best.product_id
             order by best.tier desc, c.product_id desc
             limit :limit""";

    /** Newest first. Parameters: the matching ones, afterId (nullable), limit. */
    public static final String NEWEST = "select " + CARD_COLUMNS + ", 0 as tier from product_search c"
                                        + WHERE + """
              and (cast(:afterId as uuid) is null or c.product_id < :afterId)
             order by c.product_id desc
             limit :limit""";

    /** Cheapest first. Parameters: the matching ones, afterPrice and afterId (nullable), limit. */
    public static final String PRICE_ASC = "select " + CARD_COLUMNS + ", 0 as tier from product_search c"
                                           + WHERE + """
              and (cast(:afterPrice as bigint) is null or (c.price_key, c.product_id) > (:afterPrice, :afterId))
             order by c.price_key, c.product_id
             limit :limit""";

    /** Dearest first. Parameters: as {@link #PRICE_ASC}. */
    public static final String PRICE_DESC = "select " + CARD_COLUMNS + ", 0 as tier from product_search c"
                                            + WHERE + """
              and (cast(:afterPrice as bigint) is null or (c.price_key, c.product_id) < (:afterPrice, :afterId))
             order by c.price_key desc, c.product_id desc
             limit :limit""";

    /**
     * Counts facets over the matches in {@code m} (category_lineage_ids, category_lineage_names, supplier_city,
     * attributes, default_language): one row per category, city and attribute value, and one 'total' row with
     * the number of matches counted. A match counts under its category and each one above it (its lineage,
     * migration V17), as the category filter finds it; a category's row names the category above it (parent,
     * empty at the top) and its depth (1 at the top), read from the same lineage, so the rows make a tree,
     * and the language its name is written in (its supplier's default), so that search knows whether a reader
     * asked for another and the name's translations must be read. Cities and attribute values are counted in
     * any letter case, as they filter, under their commonest spelling (spellings are counted first, then
     * merged: as cheap as counting them apart); their parent is empty, their depth 0 and their language empty.
     */
    private static final String FACET_COUNTS = """
            select 'category' as facet, cast(l.id as text) as value, min(l.name) as label, count(*) as count,
                   coalesce(min(cast(m.category_lineage_ids[l.i + 1] as text)), '') as parent,
                   cast(min(cardinality(m.category_lineage_ids) - l.i + 1) as int) as depth,
                   min(m.default_language) as language
              from m, unnest(m.category_lineage_ids, m.category_lineage_names) with ordinality l(id, name, i)
             group by l.id
            union all
            select 'city', (array_agg(city order by n desc, city))[1],
                   (array_agg(city order by n desc, city))[1], sum(n)::bigint, '', 0, ''
              from (select supplier_city as city, count(*) as n from m group by supplier_city) spellings
             group by lower(city)
            union all
            select 'attribute', (array_agg(a order by n desc, a))[1], (array_agg(a order by n desc, a))[1],
                   sum(n)::bigint, '', 0, ''
              from (select a, count(*) as n from m, unnest(m.attributes) a group by a) spellings
             group by lower(a collate pg_c_utf8)
            union all
            select 'total', '', '', count(*), '', 0, '' from m""";

    /**
     * Facet counts over at most {@code cap} matches (in no particular order), as {@link #FACET_COUNTS}
     * gives them. Parameters: the matching ones, cap.
     */
    public static final String FACETS = """
            with m as (
              select c.category_lineage_ids, c.category_lineage_names, c.supplier_city, c.attributes,
                     c.default_language
                from product_search c""" + WHERE + """
               limit :cap)
            """ + FACET_COUNTS;

    /**
     * {@link #RANKED_FEW} and {@link #FACETS} from one lookup of the matches, which the two statements
     * would each make: the page's rows (ranked, facet columns null) then the facet counts' rows (hit
     * columns null). The matches are kept with only what ranking and counting read, and the page's cards
     * are read after: keeping every card column of every match cost more than the second lookup saved.
     * Parameters: as {@link #RANKED_FEW}, and cap.
     */
    public static final String RANKED_FEW_WITH_FACETS = """
            with hits as materialized (
              select c.product_id, c.category_lineage_ids, c.category_lineage_names, c.supplier_city,
                     c.attributes, c.default_language,\s"""
            + TIER + " as tier from product_search c" + WHERE + """
            ), page as (
              select product_id, tier from hits
               where cast(:afterTier as int) is null or (tier, product_id) < (:afterTier, :afterId)
               order by tier desc, product_id desc
               limit :limit
            ), m as (
              select category_lineage_ids, category_lineage_names, supplier_city, attributes, default_language
                from hits limit :cap
            ), counts as (
            """ + FACET_COUNTS + """
            )
            select\s""" + CARD_COLUMNS + """
            , page.tier, counts.*
              from page join product_search c on c.product_id = page.product_id
              full join counts on false
             order by page.tier desc nulls last, page.product_id desc""";

    /**
     * Suggestion candidates for one lowercase word: words that start within two edits of it (with the
     * same first letter), and words similar to it by trigrams (any first letter), closest first.
     * Parameters: word, firstLetter (a LIKE pattern prefix, escaped), limit.
     */
    public static final String SUGGEST = """
            select term, products from (
              select t.term, t.products from search_terms t
               where t.term like :firstLetter || '%'
                 and levenshtein_less_equal(left(t.term, length(:word)), :word, 2) <= 2
              union
              select t.term, t.products from search_terms t where t.term % :word
            ) candidates
            order by levenshtein(left(term, length(:word)), :word), products desc, term
            limit :limit""";

    private ProductSearchSql() {}

    /**
     * Up to this many estimated matches, ranking them all ({@link #RANKED_FEW}) is cheaper than
     * walking the relevance tiers. Measured alone at a million products (bench
     * {@code ProductSearchPlans}): 830–2,800 estimated matches rank in 3–9 ms against 11–36 ms for the
     * walk, whose branches each intersect two GIN indexes at that density; 20,000 in 33 ms against
     * 46 ms; 80,000 and more take 170 ms and up against under 1 ms for the walk.
     */
    private static final long FEW_MATCHES = 20_000;

    /**
     * The same bound for queries with a quoted phrase. GIN holds no word positions, so every
     * candidate row is rechecked in the heap, and the planner's estimate of a phrase runs low
     * ("zari border" red: 1,100 estimated, 8,900 found; ranked all in 22 ms, walked in 0.6 ms).
     */
    private static final long FEW_PHRASE_MATCHES = 300;

    /** Whether a search for {@code query} with this many estimated matches should rank every match. */
    public static boolean fewMatches(long estimatedMatches, String query) {
        return estimatedMatches <= (query.indexOf('"') >= 0 ? FEW_PHRASE_MATCHES : FEW_MATCHES);
    }
}
