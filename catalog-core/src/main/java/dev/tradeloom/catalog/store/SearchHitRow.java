package dev.tradeloom.catalog.store;

import java.util.List;
import java.util.UUID;

import org.jdbi.v3.core.mapper.PropagateNull;
import org.jspecify.annotations.Nullable;

/**
 * A row of the {@code product_search} projection as search results show it, with its relevance tier
 * (3 names, 2 category, tags or attributes, 1 elsewhere; 0 when not sorted by relevance). Translation
 * languages and names are parallel lists. A row without a product id is none (see {@link HitOrFacet}).
 */
@PropagateNull("product_id")
public record SearchHitRow(UUID tenantId, UUID productId, String slug, String name,
                           List<String> translationLanguages, List<String> translationNames,
                           @Nullable UUID categoryId, String categoryName, String supplierName,
                           String supplierCity, String defaultLanguage, long priceMinor,
                           @Nullable Long salePriceMinor, String currency, long priceKey, String imageKey,
                           String imageUrl, int tier) {

    public SearchHitRow {
        translationLanguages = List.copyOf(translationLanguages);
        translationNames = List.copyOf(translationNames);
    }
}
