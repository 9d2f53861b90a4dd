package dev.tradeloom.tryon.store;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A try-on job as stored, joined with its queue row: {@code queueState} is the queue's state
 * ({@code queued}, {@code running}, {@code done}, {@code dead}, {@code cancelled}), {@code lastError}
 * its last failure, {@code queueUpdatedAt} when either last changed.
 */
public record TryOnJobRow(UUID userId, UUID id, UUID requestId, @Nullable UUID tenantId, String personPhotoKey,
                          String garmentPhotoKey, @Nullable String resultKey, String queueState, int attempts,
                          @Nullable String lastError, Instant createdAt, Instant updatedAt) {}
