package dev.tradeloom.tenant.store;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** A row of {@code sessions}: one refresh-token family. */
public record SessionRow(UUID id, UUID userId, String userAgent, String ipAddress, Instant lastUsedAt,
                         Instant expiresAt, @Nullable Instant revokedAt, Instant createdAt) {}
