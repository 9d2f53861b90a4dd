package dev.tradeloom.catalog.store;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * What a tenant's feed would be made of, in one cheap read: row counts and the latest change
 * times of its products and variants, the supplier (the feed's brand and whether it is active)
 * and the last deletion. Equal states mean equal feeds.
 */
public record MetaFeedState(long products, @Nullable Instant productsChangedAt, long variants,
                            @Nullable Instant variantsChangedAt, @Nullable String supplierName,
                            boolean supplierActive, @Nullable Instant supplierChangedAt,
                            Instant itemsRemovedAt) {}
