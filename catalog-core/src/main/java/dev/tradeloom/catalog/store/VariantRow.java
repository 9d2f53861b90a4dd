package dev.tradeloom.catalog.store;

import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** A row of {@code product_variants}; attribute keys and values are parallel lists. */
public record VariantRow(UUID tenantId, UUID id, UUID productId, int position, String sku,
                         List<String> attributeKeys, List<String> attributeValues,
                         @Nullable Long priceOverrideMinor, long stock) {

    public VariantRow {
        attributeKeys = List.copyOf(attributeKeys);
        attributeValues = List.copyOf(attributeValues);
    }

    /** This row with other attribute values for its keys. */
    public VariantRow withAttributeValues(List<String> newValues) {
        return new VariantRow(tenantId, id, productId, position, sku, attributeKeys, newValues,
                              priceOverrideMinor, stock);
    }
}
