package dev.tradeloom.catalog.store;

import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * One item of a tenant's Meta feed: an active product joined with one of its variants, or with
 * none (the {@code variant*} fields are null and the lists empty) when it has no variants.
 */
public record MetaFeedItemRow(UUID productId, String sku, String slug, String name, String description,
                              List<String> attributeKeys, List<String> attributeValues, long priceMinor,
                              String currency, @Nullable Long salePriceMinor, long stock, List<String> imageUrls,
                              @Nullable String variantSku, List<String> variantAttributeKeys,
                              List<String> variantAttributeValues, @Nullable Long variantPriceOverrideMinor,
                              @Nullable Long variantStock) {

    public MetaFeedItemRow {
        attributeKeys = List.copyOf(attributeKeys);
        attributeValues = List.copyOf(attributeValues);
        imageUrls = List.copyOf(imageUrls);
        variantAttributeKeys = List.copyOf(variantAttributeKeys);
        variantAttributeValues = List.copyOf(variantAttributeValues);
    }

    public boolean isVariant() {
        return variantSku != null;
    }
}
