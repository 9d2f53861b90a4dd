package dev.tradeloom.platform.queue;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import org.jspecify.annotations.Nullable;

import dev.tradeloom.platform.config.Env;

/**
 * How a worker runs.
 *
 * @param concurrency  jobs run at once by this worker ({@code JOB_CONCURRENCY}, default 8)
 * @param batchSize    jobs claimed per round trip (default 32)
 * @param lease        how long a claim holds without a heartbeat ({@code JOB_LEASE}, default 30s)
 * @param pollInterval the longest sleep when no NOTIFY arrives ({@code JOB_POLL_INTERVAL}, default 2s)
 * @param backoffBase  first retry delay ({@code JOB_BACKOFF_BASE}, default 1s)
 * @param backoffCap   longest retry delay ({@code JOB_BACKOFF_CAP}, default 10m)
 * @param claimAhead   jobs claimed beyond those running, held for the next free thread
 *                     ({@code JOB_CLAIM_AHEAD}, default: the concurrency); 0 claims only for idle threads
 * @param retention    how long the worker's queues keep finished jobs ({@code JOB_RETENTION}, default 7d);
 *                     null keeps them
 */
public record QueueWorkerSettings(int concurrency, int batchSize, Duration lease, Duration pollInterval,
                                  Duration backoffBase, Duration backoffCap, int claimAhead,
                                  @Nullable Duration retention) {
    private static final Duration DEFAULT_RETENTION = Duration.ofDays(7);

    public QueueWorkerSettings {
        if (concurrency < 1 || batchSize < 1) {
            throw new IllegalArgumentException("concurrency, batchSize: " + concurrency + ", " + batchSize
                                               + " (expected: >= 1)");
        }
        if (claimAhead < 0) {
            throw new IllegalArgumentException("claimAhead: " + claimAhead + " (expected: >= 0)");
        }
        if (retention != null && (retention.isNegative() || retention.isZero())) {
            throw new IllegalArgumentException("retention: " + retention + " (expected: > 0, or null to keep)");
        }
        if (lease.toMillis() < 300) {
            throw new IllegalArgumentException("lease: " + lease + " (expected: >= 300ms)");
        }
    }

    /** Settings that claim ahead as many jobs as run at once, and keep finished jobs for the default 7 days. */
    public QueueWorkerSettings(int concurrency, int batchSize, Duration lease, Duration pollInterval,
                               Duration backoffBase, Duration backoffCap) {
        this(concurrency, batchSize, lease, pollInterval, backoffBase, backoffCap, concurrency, DEFAULT_RETENTION);
    }

    public static QueueWorkerSettings fromEnv(Env env) {
        final int concurrency = env.integer("JOB_CONCURRENCY", 8, 1, 256);
        Duration retention = env.duration("JOB_RETENTION", DEFAULT_RETENTION);
        if (retention.isNegative() || retention.isZero()) {
            env.problem("JOB_RETENTION: " + retention + " (expected: > 0, such as 7d)");
            retention = DEFAULT_RETENTION;
        }
        return new QueueWorkerSettings(concurrency, 32,
                                       env.duration("JOB_LEASE", Duration.ofSeconds(30)),
                                       env.duration("JOB_POLL_INTERVAL", Duration.ofSeconds(2)),
                                       env.duration("JOB_BACKOFF_BASE", Duration.ofSeconds(1)),
                                       env.duration("JOB_BACKOFF_CAP", Duration.ofMinutes(10)),
                                       env.integer("JOB_CLAIM_AHEAD", concurrency, 0, 1024),
                                       retention);
    }

    /** The delay before retry {@code attempt} (from 1), full jitter: random up to min(cap, base · 2^(attempt−1)). */
    public Duration backoff(int attempt) {
        final long ceiling = Math.min(backoffCap.toMillis(),
                                      backoffBase.toMillis() << Math.min(Math.max(attempt, 1) - 1, 30));
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(ceiling + 1));
    }

    public QueueWorkerSettings withLease(Duration newLease) {
        return new QueueWorkerSettings(concurrency, batchSize, newLease, pollInterval, backoffBase, backoffCap,
                                       claimAhead, retention);
    }

    public QueueWorkerSettings withPollInterval(Duration interval) {
        return new QueueWorkerSettings(concurrency, batchSize, lease, interval, backoffBase, backoffCap,
                                       claimAhead, retention);
    }

    public QueueWorkerSettings withBackoff(Duration base, Duration cap) {
        return new QueueWorkerSettings(concurrency, batchSize, lease, pollInterval, base, cap, claimAhead, retention);
    }

    public QueueWorkerSettings withClaimAhead(int jobs) {
        return new QueueWorkerSettings(concurrency, batchSize, lease, pollInterval, backoffBase, backoffCap, jobs,
                                       retention);
    }

    public QueueWorkerSettings withRetention(@Nullable Duration keepFor) {
        return new QueueWorkerSettings(concurrency, batchSize, lease, pollInterval, backoffBase, backoffCap,
                                       claimAhead, keepFor);
    }
}
