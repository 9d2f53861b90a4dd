package dev.tradeloom.platform.queue;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** A claimed job, as its handler sees it; {@code attempt} counts from 1. */
public record Job(UUID id, String queue, String dedupKey, @Nullable UUID tenantId, String payload, int attempt,
                  int maxAttempts) {}
