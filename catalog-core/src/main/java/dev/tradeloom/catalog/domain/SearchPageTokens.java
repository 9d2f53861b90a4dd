package dev.tradeloom.catalog.domain;

import java.util.List;

import dev.tradeloom.catalog.domain.ProductSearch.Sort;
import dev.tradeloom.catalog.store.SearchHitRow;
import dev.tradeloom.platform.api.PageTokens;

/**
 * The page tokens of product search: the sort, the last hit's key in that sort (its relevance tier or price)
 * and its id, where the next page's keyset starts.
 */
final class SearchPageTokens {
    private SearchPageTokens() {}

    /** Tokens name their sort, so a token from another sort is refused instead of misread. */
    static String token(Sort sort, SearchHitRow last) {
        final String key = switch (sort) {
            case RELEVANCE -> Integer.toString(last.tier());
            case NEWEST -> "";
            case PRICE_ASC, PRICE_DESC -> Long.toString(last.priceKey());
        };
        return PageTokens.encode(sort.name(), key, last.productId().toString());
    }

    static List<String> decode(String token, Sort sort) {
        final List<String> parts = PageTokens.decode(token, 3);
        if (!parts.get(0).equals(sort.name())) {
            throw PageTokens.invalid(token);
        }
        return parts;
    }

    static long longValue(String part) {
        try {
            return Long.parseLong(part);
        } catch (NumberFormatException e) {
            throw PageTokens.invalid(part);
        }
    }
}
