package dev.tradeloom.tryon.domain;

import static java.util.Objects.requireNonNull;

import java.util.UUID;

/** Where a try-on's garment image comes from: one of the caller's uploads, or a product's image. */
public sealed interface Garment {
    /** A photo the caller uploaded (a key from CreateTryOnPhotoUpload). */
    record Upload(String key) implements Garment {
        public Upload {
            requireNonNull(key, "key");
        }
    }

    /** A product a supplier's storefront shows; its first uploaded image is the garment. */
    record Product(UUID tenantId, UUID productId) implements Garment {
        public Product {
            requireNonNull(tenantId, "tenantId");
            requireNonNull(productId, "productId");
        }
    }
}
