package dev.tradeloom.catalog.store;

import java.time.Instant;
import java.util.UUID;

/** A row of {@code images}: an uploaded image stored in S3 under {@code key}. */
public record ImageRow(UUID tenantId, UUID id, String key, String contentType, long sizeBytes, Instant createdAt,
                       Instant updatedAt) {}
