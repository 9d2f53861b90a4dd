package dev.tradeloom.catalog.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.StringJoiner;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jspecify.annotations.Nullable;

import dev.tradeloom.platform.db.OneShotPlan;

/**
 * Public product search over the {@code product_search} projection (storefront-visible products
 * only). The matching parameters of every query come from one {@link Match}.
 */
public interface ProductSearchDao {
    /**
     * What results must match. {@code language} is the BCP 47 tag {@code query} is written in, empty
     * for English; {@code supplier} and {@code category} are canonical UUID text or empty; {@code city}
     * and {@code currency} empty when not filtered; {@code attributes} from {@link #attributeLexemes};
     * the price bounds null when open.
     */
    record Match(String query, String language, String supplier, String category, String city, String attributes,
                 @Nullable Long minPrice, @Nullable Long maxPrice, String currency) {

        /** Whether a filter that is a lexeme of the document is set. */
        public boolean filtered() {
            return !supplier.isEmpty() || !category.isEmpty() || !city.isEmpty() || !attributes.isEmpty();
        }

        /**
         * The document lexemes of "key=value" attribute filters joined by " & ": "attr" and the MD5 of
         * the lowercased pair's UTF-8 bytes, as migration V5 writes them, so values match in any case.
         * Lowercasing maps each code point alone (Unicode simple case mapping), as PostgreSQL's
         * {@code pg_c_utf8} collation does there.
         */
        public static String attributeLexemes(List<String> pairs) {
            final StringJoiner joined = new StringJoiner(" & ");
            for (String pair : pairs) {
                final String lower = pair.codePoints().map(Character::toLowerCase)
                                         .collect(StringBuilder::new, StringBuilder::appendCodePoint,
                                                  StringBuilder::append).toString();
                try {
                    joined.add("attr" + HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(
                            lower.getBytes(StandardCharsets.UTF_8))));
                } catch (NoSuchAlgorithmException e) {
                    throw new IllegalStateException("Every Java platform has MD5", e);
                }
            }
            return joined.toString();
        }
    }

    /** {@code rows=N} in the top line of a plan. */
    Pattern ESTIMATED_ROWS = Pattern.compile("rows=(\\d+)");

    /** The planner's estimate of how many searchable products match. */
    default long estimateMatches(Match m) {
        final String topLine = plan(m).get(0);
        final Matcher rows = ESTIMATED_ROWS.matcher(topLine);
        if (!rows.find()) {
            throw new IllegalStateException("No row estimate in the plan line: " + topLine);
        }
        return Long.parseLong(rows.group(1));
    }

    @SqlQuery(ProductSearchSql.ESTIMATE)
    @OneShotPlan
    List<String> plan(@BindMethods Match m);

    /** Ranks every match; for searches with few matches. */
    @SqlQuery(ProductSearchSql.RANKED_FEW)
    @OneShotPlan
    List<SearchHitRow> rankedFew(@BindMethods Match m, @Bind("afterTier") @Nullable Integer afterTier,
                                 @Bind("afterId") @Nullable UUID afterId, @Bind("limit") int limit);

    /** Walks each relevance tier newest first and stops after a page; for searches with many matches. */
    @SqlQuery(ProductSearchSql.RANKED_MANY)
    @OneShotPlan
    List<SearchHitRow> rankedMany(@BindMethods Match m, @Bind("afterTier") @Nullable Integer afterTier,
                                  @Bind("afterId") @Nullable UUID afterId, @Bind("limit") int limit);

    /**
     * Ranks every match and counts facets over at most {@code cap} of them, from one lookup of the
     * matches; for searches with few matches that ask for facets.
     */
    @SqlQuery(ProductSearchSql.RANKED_FEW_WITH_FACETS)
    @OneShotPlan
    List<HitOrFacet> rankedFewWithFacets(@BindMethods Match m, @Bind("afterTier") @Nullable Integer afterTier,
                                         @Bind("afterId") @Nullable UUID afterId, @Bind("limit") int limit,
                                         @Bind("cap") int cap);

    @SqlQuery(ProductSearchSql.NEWEST)
    @OneShotPlan
    List<SearchHitRow> newest(@BindMethods Match m, @Bind("afterId") @Nullable UUID afterId,
                              @Bind("limit") int limit);

    @SqlQuery(ProductSearchSql.PRICE_ASC)
    @OneShotPlan
    List<SearchHitRow> cheapest(@BindMethods Match m, @Bind("afterPrice") @Nullable Long afterPrice,
                                @Bind("afterId") @Nullable UUID afterId, @Bind("limit") int limit);

    @SqlQuery(ProductSearchSql.PRICE_DESC)
    @OneShotPlan
    List<SearchHitRow> dearest(@BindMethods Match m, @Bind("afterPrice") @Nullable Long afterPrice,
                               @Bind("afterId") @Nullable UUID afterId, @Bind("limit") int limit);

    /** Facet counts over at most {@code cap} matches; see {@link ProductSearchSql#FACETS}. */
    @SqlQuery(ProductSearchSql.FACETS)
    @OneShotPlan
    List<FacetRow> facets(@BindMethods Match m, @Bind("cap") int cap);

    /**
     * The translations of the names of {@code categoryIds} (of active suppliers; see migration V21), by
     * category and language; their descriptions are left empty.
     */
    @SqlQuery("""
            select category_id as owner_id, language, name, '' as description
              from search_category_translations(:categoryIds)""")
    List<TranslationRow> categoryTranslations(@Bind("categoryIds") UUID[] categoryIds);

    /** Suggestion candidates for {@code word}, closest first. */
    @SqlQuery(ProductSearchSql.SUGGEST)
    List<TermRow> suggestions(@Bind("word") String word, @Bind("firstLetter") String firstLetter,
                              @Bind("limit") int limit);

    /** Recounts the words of searchable products (see migration V4); returns 1. */
    @SqlQuery("select 1 from refresh_search_terms()")
    int refreshTerms();
}
