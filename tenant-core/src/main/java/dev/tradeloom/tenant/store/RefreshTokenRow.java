package dev.tradeloom.tenant.store;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** A row of {@code refresh_tokens}, joined with its session's state. */
public record RefreshTokenRow(UUID sessionId, UUID userId, Instant expiresAt, @Nullable Instant usedAt,
                              @Nullable Instant sessionRevokedAt, Instant sessionExpiresAt) {}
