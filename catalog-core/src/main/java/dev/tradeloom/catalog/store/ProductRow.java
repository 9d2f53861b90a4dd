package dev.tradeloom.catalog.store;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A row of {@code products}. Attribute values and images are ordered parallel lists: the i-th key
 * goes with the i-th value, the i-th URL with the i-th alt text and image key. An image with a key is an
 * uploaded one (its URL is empty and derived on read); one without is hosted at its URL.
 */
public record ProductRow(UUID tenantId, UUID id, String sku, String slug, String name, String description,
                         @Nullable UUID categoryId, List<String> attributeKeys, List<String> attributeValues,
                         long priceMinor, String currency, @Nullable Long salePriceMinor, long stock,
                         String status, List<String> imageUrls, List<String> imageAltTexts,
                         List<String> imageKeys, long version,
                         Instant createdAt, Instant updatedAt) {

    public ProductRow {
        attributeKeys = List.copyOf(attributeKeys);
        attributeValues = List.copyOf(attributeValues);
        imageUrls = List.copyOf(imageUrls);
        imageAltTexts = List.copyOf(imageAltTexts);
        imageKeys = List.copyOf(imageKeys);
    }

    /** This row as another tenant's or product's, e.g. a client's draft given its stored identity. */
    public ProductRow withIdentity(UUID newTenantId, UUID newId) {
        return new ProductRow(newTenantId, newId, sku, slug, name, description, categoryId, attributeKeys,
                              attributeValues, priceMinor, currency, salePriceMinor, stock, status, imageUrls,
                              imageAltTexts, imageKeys, version, createdAt, updatedAt);
    }

    /** This row with other attribute values for its keys. */
    public ProductRow withAttributeValues(List<String> newValues) {
        return new ProductRow(tenantId, id, sku, slug, name, description, categoryId, attributeKeys, newValues,
                              priceMinor, currency, salePriceMinor, stock, status, imageUrls, imageAltTexts,
                              imageKeys, version, createdAt, updatedAt);
    }
}
