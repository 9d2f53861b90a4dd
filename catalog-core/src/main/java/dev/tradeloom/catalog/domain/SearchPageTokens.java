package dev.tradeloom.catalog.domain;

import java.util.List;
import java.util.Objects;

import dev.tradeloom.catalog.domain.ProductSearch.Sort;
import dev.tradeloom.catalog.store.ProductSearchDao.Match;
import dev.tradeloom.catalog.store.SearchHitRow;
import dev.tradeloom.platform.api.PageTokens;

/**
 * The page tokens of product search: the sort, what the results match, the last hit's key in that sort (its
 * relevance tier or price) and its id, where the next page's keyset starts.
 */
final class SearchPageTokens {
    private SearchPageTokens() {}

    /**
     * Tokens name their sort and the search they page through, so a token from another sort or another search
     * (the query or a filter changed) is refused instead of continuing from a place in other results.
     */
    static String token(Sort sort, Match match, SearchHitRow last) {
        final String key = switch (sort) {
            case RELEVANCE -> Integer.toString(last.tier());
            case NEWEST -> "";
            case PRICE_ASC, PRICE_DESC -> Long.toString(last.priceKey());
        };
        return PageTokens.encode(sort.name(), fingerprint(match), key, last.productId().toString());
    }

    /** The token's keyset: its key and the last hit's id. */
    static List<String> decode(String token, Sort sort, Match match) {
        final List<String> parts = PageTokens.decode(token, 4);
        if (!parts.get(0).equals(sort.name()) || !parts.get(1).equals(fingerprint(match))) {
            throw PageTokens.invalid(token);
        }
        return parts.subList(2, 4);
    }

    static long longValue(String part) {
        try {
            return Long.parseLong(part);
        } catch (NumberFormatException e) {
            throw PageTokens.invalid(part);
        }
    }

    private static String fingerprint(Match match) {
        return PageTokens.fingerprint(match.query(), match.language(), match.supplier(), match.category(),
                                      match.city(), match.attributes(), Objects.toString(match.minPrice(), ""),
                                      Objects.toString(match.maxPrice(), ""), match.currency());
    }
}
