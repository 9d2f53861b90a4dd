package dev.tradeloom.tryon.domain;

import java.util.UUID;

/** Where tryon-worker learns a product's image; it never reads catalog-core's tables. */
public interface ProductImages {
    /**
     * The object key of the first uploaded image of {@code productId}, as the storefront of
     * {@code tenantId} shows it. NOT_FOUND when the storefront does not show the product,
     * FAILED_PRECONDITION when it has no uploaded image.
     */
    String imageKey(UUID tenantId, UUID productId);
}
