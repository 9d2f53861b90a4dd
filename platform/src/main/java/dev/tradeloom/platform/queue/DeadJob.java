package dev.tradeloom.platform.queue;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** A job that gave up, kept for inspection and manual retry. */
public record DeadJob(UUID id, String queue, String dedupKey, @Nullable UUID tenantId, String payload,
                      int attempts, @Nullable String lastError, Instant updatedAt) {}
