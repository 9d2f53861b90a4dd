package dev.tradeloom.catalog.store;

import java.time.Instant;
import java.util.UUID;

/** A row of {@code meta_feeds} without its token digest. */
public record MetaFeedRow(UUID tenantId, String tokenHint, Instant rotatedAt) {}
