package dev.tradeloom.catalog.store;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * What a tenant's feed is made of, in one cheap read: the version of its products and variants, which
 * every committed change of them bumps (migration V11), with the time of the latest, and the supplier
 * (the feed's brand and whether it is active). Equal states mean equal feeds.
 */
public record MetaFeedState(long itemsVersion, Instant itemsChangedAt, @Nullable String supplierName,
                            boolean supplierActive, @Nullable Instant supplierChangedAt) {}
