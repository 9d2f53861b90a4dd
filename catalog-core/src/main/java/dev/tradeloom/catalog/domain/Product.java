package dev.tradeloom.catalog.domain;

import java.util.List;
import java.util.UUID;

import dev.tradeloom.catalog.store.ProductRow;
import dev.tradeloom.catalog.store.TranslationRow;
import dev.tradeloom.catalog.store.VariantRow;

/**
 * A product with everything grouped under it: variants in order, tag ids in order, translations,
 * and its name and description in the reader's language ({@code localized}; ignored on writes).
 */
public record Product(ProductRow row, List<VariantRow> variants, List<UUID> tagIds,
                      List<TranslationRow> translations, Localized localized) {

    public Product {
        variants = List.copyOf(variants);
        tagIds = List.copyOf(tagIds);
        translations = List.copyOf(translations);
    }

    /** True when the product or any variant has stock. */
    public boolean inStock() {
        return row.stock() > 0 || variants.stream().anyMatch(v -> v.stock() > 0);
    }
}
