package dev.tradeloom.catalog.domain;

import static dev.tradeloom.catalog.domain.SearchPageTokens.decode;
import static dev.tradeloom.catalog.domain.SearchPageTokens.longValue;
import static dev.tradeloom.catalog.domain.SearchPageTokens.token;
import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;

import dev.tradeloom.catalog.store.FacetRow;
import dev.tradeloom.catalog.store.HitOrFacet;
import dev.tradeloom.catalog.store.ProductSearchDao;
import dev.tradeloom.catalog.store.ProductSearchDao.Match;
import dev.tradeloom.catalog.store.ProductSearchSql;
import dev.tradeloom.catalog.store.SearchHitRow;
import dev.tradeloom.catalog.store.TranslationRow;
import dev.tradeloom.platform.api.Page;
import dev.tradeloom.platform.api.PageTokens;
import dev.tradeloom.platform.db.PlanChoices;
import dev.tradeloom.platform.db.Transactor;
import dev.tradeloom.platform.error.InvalidArgumentException;

/**
 * Marketplace and storefront product search over storefront-visible products: ranked full text,
 * filters, sorts with keyset pages, bounded facet counts, and typo-tolerant suggestions. Reads are
 * public (no tenant) and uncached, so a seller's change is searchable on the next request; only facet
 * counts taken from a sample of the matches are kept a few seconds (see {@link #SAMPLED_FACETS_TTL}).
 */
public final class ProductSearch {
    private static final int DEFAULT_PAGE = 20;
    private static final int MAX_PAGE = 100;
    /**
     * Facets count at most this many matches, so a search for "silk" never counts 300,000 rows.
     * Measured alone at a million products: counting 10,000 takes 23–57 ms, 2,000 takes 5–14 ms.
     */
    static final int FACET_CAP = 2_000;
    private static final int FACET_TOP = 20;

    /**
     * Facets counted over a sample (the cap reached: a common search's first 2,000 of tens of thousands
     * of matches) are a statistic of the search, not a listing a seller waits to see change, and they
     * are its costliest statement (16–18 ms alone at a million products). They are kept this long per
     * search; counts of every match (exact) never are.
     */
    static final Duration SAMPLED_FACETS_TTL = Duration.ofSeconds(30);
    /** Searches whose sampled facets are kept; common searches are few. */
    private static final int SAMPLED_FACETS_KEPT = 2_000;
    /** Relevance searches whose statement is remembered: common ones repeat, rare ones are cheap to estimate. */
    private static final int PLANS_KEPT = 10_000;

    private final Transactor tx;
    private final int facetCap;
    private final Cache<Match, Facets> sampledFacets;
    /** Whether each relevance search ranks every match or walks the tiers: see {@link PlanChoices}. */
    private final PlanChoices<Match> rankAllChoices;
    private final SearchSuggestions suggestions;

    public ProductSearch(Transactor tx) {
        this(tx, FACET_CAP, Ticker.systemTicker());
    }

    /** With another facet cap and clock, for tests. */
    ProductSearch(Transactor tx, int facetCap, Ticker ticker) {
        this.tx = requireNonNull(tx, "tx");
        this.facetCap = facetCap;
        sampledFacets = Caffeine.newBuilder().expireAfterWrite(SAMPLED_FACETS_TTL).maximumSize(SAMPLED_FACETS_KEPT)
                                .ticker(ticker).build();
        rankAllChoices = new PlanChoices<>(PLANS_KEPT, ticker);
        suggestions = new SearchSuggestions(tx);
    }

    /** How results are ordered. */
    public enum Sort { RELEVANCE, NEWEST, PRICE_ASC, PRICE_DESC }

    /**
     * What to search for. Empty strings and null bounds mean "not filtered"; {@code maxPrice} 0 means
     * no upper bound.
     */
    public record Filters(String query, @Nullable UUID categoryId, long minPrice, long maxPrice,
                          String currency, List<String> attributes, String city, @Nullable UUID supplierId) {
        public Filters {
            requireNonNull(query, "query");
            requireNonNull(currency, "currency");
            attributes = List.copyOf(attributes);
            requireNonNull(city, "city");
        }
    }

    /** A hit with its name and its category's name in the reader's language. */
    public record Card(SearchHitRow row, Localized localized, String categoryName) {}

    /**
     * Counts by value: cities and attribute values most frequent first, categories as {@link CategoryFacets}
     * shows them; {@code counted} matches were counted, all of them when exact.
     */
    public record Facets(List<FacetRow> categories, List<FacetRow> cities, List<FacetRow> attributes,
                         long counted, boolean exact) {

        /** These counts with their categories labelled {@code labelled}. */
        Facets withCategories(List<FacetRow> labelled) {
            return new Facets(labelled, cities, attributes, counted, exact);
        }
    }

    /** A page of results and, when asked for, the facet counts. */
    public record Result(Page<Card> page, @Nullable Facets facets) {}

    /** One suggestion: the typed text with its last word completed or corrected, and the others corrected. */
    public record Suggestion(String text, long products) {}

    /** One page of products matching {@code filters}, in {@code sort} order. */
    public Result search(Filters filters, Sort sort, int pageSize, String pageToken, boolean withFacets,
                         String language) {
        final int size = PageTokens.pageSize(pageSize, DEFAULT_PAGE, MAX_PAGE);
        if ((sort == Sort.PRICE_ASC || sort == Sort.PRICE_DESC) && filters.currency().isEmpty()) {
            // Minor units of two currencies do not compare: $100 (10000 cents) is not cheaper than ₹500.
            throw InvalidArgumentException.of("currency", "is required to sort by price (expected: an ISO 4217 "
                                                          + "code such as INR; products in others are left out)");
        }
        final Match match = match(filters, language);
        final Sort effective = sort == Sort.RELEVANCE && match.query().isBlank() ? Sort.NEWEST : sort;
        final @Nullable List<String> after = pageToken.isEmpty() ? null : decode(pageToken, effective, match);
        return tx.readPublic(h -> {
            final ProductSearchDao dao = h.attach(ProductSearchDao.class);
            final Found found = find(dao, match, effective, after, size + 1, withFacets);
            final @Nullable Facets facets = found.facets();
            final CategoryNames names = CategoryNames.read(dao, language, found.rows(),
                                                           facets == null ? List.of() : facets.categories());
            final List<Card> cards = found.rows().stream()
                                          .map(r -> new Card(r, localized(r, language), names.of(r))).toList();
            return new Result(Page.of(cards, size, last -> token(effective, match, last.row())),
                              facets == null ? null : facets.withCategories(names.of(facets.categories())));
        });
    }

    /** A page's rows, with one more to tell whether another page follows; and the facets, if asked for. */
    private record Found(List<SearchHitRow> rows, @Nullable Facets facets) {}

    private Found find(ProductSearchDao dao, Match match, Sort sort, @Nullable List<String> after, int limit,
                       boolean withFacets) {
        final @Nullable UUID afterId = after == null ? null : PageTokens.uuid(after.get(1));
        final @Nullable Integer afterTier = sort == Sort.RELEVANCE && after != null
                                            ? PageTokens.intValue(after.get(0)) : null;
        final boolean rankAll = sort == Sort.RELEVANCE && rankAllChoices.of(
                match, m -> ProductSearchSql.fewMatches(dao.estimateMatches(m), m.query()));
        if (rankAll && withFacets) {
            // One lookup of the matches serves both the page and the counts.
            return split(dao.rankedFewWithFacets(match, afterTier, afterId, limit, facetCap));
        }
        final List<SearchHitRow> rows = switch (sort) {
            case RELEVANCE -> rankAll ? dao.rankedFew(match, afterTier, afterId, limit)
                                      : dao.rankedMany(match, afterTier, afterId, limit);
            case NEWEST -> dao.newest(match, afterId, limit);
            case PRICE_ASC -> dao.cheapest(match, after == null ? null : longValue(after.get(0)), afterId,
                                           limit);
            case PRICE_DESC -> dao.dearest(match, after == null ? null : longValue(after.get(0)), afterId,
                                           limit);
        };
        return new Found(rows, withFacets ? facets(dao, match) : null);
    }

    /** The facets of {@code match}: counted now, or sampled within {@link #SAMPLED_FACETS_TTL}. */
    private Facets facets(ProductSearchDao dao, Match match) {
        final @Nullable Facets kept = sampledFacets.getIfPresent(match);
        if (kept != null) {
            return kept;
        }
        final Facets counted = facets(dao.facets(match, facetCap));
        if (!counted.exact()) {
            sampledFacets.put(match, counted);
        }
        return counted;
    }

    private Found split(List<HitOrFacet> rows) {
        final List<SearchHitRow> hits = new ArrayList<>();
        final List<FacetRow> facets = new ArrayList<>();
        for (HitOrFacet row : rows) {
            final @Nullable SearchHitRow hit = row.hit();
            if (hit != null) {
                hits.add(hit);
            } else {
                facets.add(requireNonNull(row.facet(), "facet"));
            }
        }
        return new Found(hits, facets(facets));
    }

    /**
     * Up to {@code limit} (0 means 8) completions of the last word of {@code prefix}, closest first
     * (edits needed, a swap of neighbours counting as one), then the most common.
     */
    public List<Suggestion> suggest(String prefix, int limit) {
        return suggestions.suggest(prefix, limit);
    }

    /** Recounts the words that suggestions offer (run periodically). */
    public void refreshTerms() {
        tx.readPublic(h -> h.attach(ProductSearchDao.class).refreshTerms());
    }

    /** What results must match; the query is read as written in the most preferred of {@code language}. */
    private static Match match(Filters f, String language) {
        if (f.maxPrice() > 0 && f.minPrice() > f.maxPrice()) {
            throw InvalidArgumentException.of("max_price_minor",
                                              f.maxPrice() + " (expected: 0 for no bound, or at least "
                                              + "min_price_minor, " + f.minPrice() + ')');
        }
        if ((f.minPrice() > 0 || f.maxPrice() > 0) && f.currency().isEmpty()) {
            throw InvalidArgumentException.of("currency", "is required with a price bound "
                                                          + "(expected: an ISO 4217 code such as INR)");
        }
        final String query = f.query().strip();
        return new Match(query, query.isEmpty() ? "" : Localized.first(language),
                         f.supplierId() == null ? "" : f.supplierId().toString(),
                         f.categoryId() == null ? "" : f.categoryId().toString(), f.city().strip(),
                         Match.attributeLexemes(f.attributes()), f.minPrice() > 0 ? f.minPrice() : null,
                         f.maxPrice() > 0 ? f.maxPrice() : null, f.currency());
    }

    private static Localized localized(SearchHitRow r, String language) {
        final List<TranslationRow> translations = new ArrayList<>(r.translationLanguages().size());
        for (int i = 0; i < r.translationLanguages().size(); i++) {
            translations.add(new TranslationRow(r.productId(), r.translationLanguages().get(i),
                                                r.translationNames().get(i), ""));
        }
        return Localized.pick(language, r.defaultLanguage(), translations, r.name(), "");
    }

    private Facets facets(List<FacetRow> rows) {
        final List<FacetRow> categories = new ArrayList<>();
        final List<FacetRow> cities = new ArrayList<>();
        final List<FacetRow> attributes = new ArrayList<>();
        long counted = 0;
        for (FacetRow row : rows) {
            switch (row.facet()) {
                case "category" -> add(categories, row);
                case "city" -> add(cities, row);
                case "attribute" -> add(attributes, row);
                case "total" -> counted = row.count();
                default -> throw new IllegalStateException("Unknown facet: " + row.facet());
            }
        }
        return new Facets(CategoryFacets.shown(categories, FACET_TOP), top(cities), top(attributes), counted,
                          counted < facetCap);
    }

    private static void add(List<FacetRow> list, FacetRow row) {
        if (!row.value().isEmpty()) {
            list.add(row);
        }
    }

    private static List<FacetRow> top(List<FacetRow> rows) {
        return rows.stream().sorted(Comparator.comparingLong(FacetRow::count).reversed()
                                              .thenComparing(FacetRow::label))
                   .limit(FACET_TOP).toList();
    }
}
