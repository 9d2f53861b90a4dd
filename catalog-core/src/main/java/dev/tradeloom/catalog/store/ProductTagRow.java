package dev.tradeloom.catalog.store;

import java.util.UUID;

/** A tag on a product, in the product's tag order. */
public record ProductTagRow(UUID productId, UUID tagId, int position) {}
