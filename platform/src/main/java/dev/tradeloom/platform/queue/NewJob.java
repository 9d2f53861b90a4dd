package dev.tradeloom.platform.queue;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A job to enqueue. {@code dedupKey} is unique per queue: enqueuing the same key twice adds
 * one job, which is what makes deliveries idempotent end to end.
 */
public record NewJob(String queue, String dedupKey, String payloadJson, @Nullable UUID tenantId,
                     @Nullable Instant runAt, int maxAttempts) {

    public static final int DEFAULT_MAX_ATTEMPTS = 10;

    public NewJob {
        requireNonNull(queue, "queue");
        requireNonNull(dedupKey, "dedupKey");
        requireNonNull(payloadJson, "payloadJson");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts: " + maxAttempts + " (expected: >= 1)");
        }
    }

    /** A job due now with the default attempt budget. */
    public static NewJob of(String queue, String dedupKey, String payloadJson) {
        return new NewJob(queue, dedupKey, payloadJson, null, null, DEFAULT_MAX_ATTEMPTS);
    }

    public NewJob forTenant(@Nullable UUID newTenantId) {
        return new NewJob(queue, dedupKey, payloadJson, newTenantId, runAt, maxAttempts);
    }

    public NewJob runAt(Instant when) {
        return new NewJob(queue, dedupKey, payloadJson, tenantId, when, maxAttempts);
    }

    public NewJob maxAttempts(int attempts) {
        return new NewJob(queue, dedupKey, payloadJson, tenantId, runAt, attempts);
    }
}
