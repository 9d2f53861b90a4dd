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
 * @param lease        how long a claim holds without a heartbeat ({@code JOB_LEASE}, default 30s; >= 300ms)
 * @param pollInterval the longest sleep when no NOTIFY arrives ({@code JOB_POLL_INTERVAL}, default 2s; >= 1ms)
 * @param backoffBase  the longest delay before the first retry ({@code JOB_BACKOFF_BASE}, default 1s; >= 1ms,
 *                     since with none every retry would follow its failure at once)
 * @param backoffCap   longest retry delay ({@code JOB_BACKOFF_CAP}, default 10m; at least the base)
 * @param claimAhead   jobs claimed beyond those running, held for the next free thread
 *                     ({@code JOB_CLAIM_AHEAD}, default: the concurrency); 0 claims only for idle threads
 * @param retention    how long the worker's queues keep finished jobs ({@code JOB_RETENTION}, default 7d);
 *                     null keeps them
 */
public record QueueWorkerSettings(int concurrency, int batchSize, Duration lease, Duration pollInterval,
                                  Duration backoffBase, Duration backoffCap, int claimAhead,
                                  @Nullable Duration retention) {
    private static final Duration DEFAULT_RETENTION = Duration.ofDays(7);
    private static final Duration DEFAULT_LEASE = Duration.ofSeconds(30);
    private static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(2);
    private static final Duration DEFAULT_BACKOFF_BASE = Duration.ofSeconds(1);
    private static final Duration DEFAULT_BACKOFF_CAP = Duration.ofMinutes(10);
    private static final Duration MIN_LEASE = Duration.ofMillis(300);
    /** The shortest poll interval and backoff base: waits and jitter count whole milliseconds. */
    private static final Duration MIN_DELAY = Duration.ofMillis(1);

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
        if (lease.compareTo(MIN_LEASE) < 0) {
            throw new IllegalArgumentException("lease: " + lease + " (expected: >= 300ms)");
        }
        // Object.wait(0) waits forever, and a wait or a jitter bound below zero throws.
        if (pollInterval.compareTo(MIN_DELAY) < 0) {
            throw new IllegalArgumentException("pollInterval: " + pollInterval + " (expected: >= 1ms)");
        }
        if (backoffBase.compareTo(MIN_DELAY) < 0) {
            throw new IllegalArgumentException("backoffBase: " + backoffBase + " (expected: >= 1ms)");
        }
        if (backoffCap.compareTo(backoffBase) < 0) {
            throw new IllegalArgumentException("backoffCap: " + backoffCap + " (expected: >= backoffBase, "
                                               + backoffBase + ')');
        }
    }

    /** Settings that claim ahead as many jobs as run at once, and keep finished jobs for the default 7 days. */
    public QueueWorkerSettings(int concurrency, int batchSize, Duration lease, Duration pollInterval,
                               Duration backoffBase, Duration backoffCap) {
        this(concurrency, batchSize, lease, pollInterval, backoffBase, backoffCap, concurrency, DEFAULT_RETENTION);
    }

    /** Reads the settings; a bad value is reported to {@code env} as a problem, and its default taken. */
    public static QueueWorkerSettings fromEnv(Env env) {
        final int concurrency = env.integer("JOB_CONCURRENCY", 8, 1, 256);
        final Duration lease = duration(env, "JOB_LEASE", DEFAULT_LEASE, MIN_LEASE,
                                        "at least 300ms, such as 30s");
        final Duration pollInterval = duration(env, "JOB_POLL_INTERVAL", DEFAULT_POLL_INTERVAL, MIN_DELAY,
                                               "at least 1ms, such as 2s");
        final Duration backoffBase = duration(env, "JOB_BACKOFF_BASE", DEFAULT_BACKOFF_BASE, MIN_DELAY,
                                              "at least 1ms, such as 1s");
        Duration backoffCap = env.duration("JOB_BACKOFF_CAP", DEFAULT_BACKOFF_CAP);
        if (backoffCap.compareTo(backoffBase) < 0) {
            env.problem("JOB_BACKOFF_CAP: " + backoffCap + " (expected: at least JOB_BACKOFF_BASE, "
                        + backoffBase + ')');
            backoffCap = backoffBase;
        }
        final Duration retention = duration(env, "JOB_RETENTION", DEFAULT_RETENTION, Duration.ofNanos(1),
                                            "> 0, such as 7d");
        return new QueueWorkerSettings(concurrency, 32, lease, pollInterval, backoffBase, backoffCap,
                                       env.integer("JOB_CLAIM_AHEAD", concurrency, 0, 1024), retention);
    }

    /** The duration {@code name}, or its default and a problem reported to {@code env} if below {@code min}. */
    private static Duration duration(Env env, String name, Duration defaultValue, Duration min,
                                     String expected) {
        final Duration value = env.duration(name, defaultValue);
        if (value.compareTo(min) < 0) {
            env.problem(name + ": " + value + " (expected: " + expected + ')');
            return defaultValue;
        }
        return value;
    }

    /** The delay before retry {@code attempt} (from 1), full jitter: random up to min(cap, base · 2^(attempt−1)). */
    public Duration backoff(int attempt) {
        final int doublings = Math.min(Math.max(attempt, 1) - 1, 30);
        final long cap = backoffCap.toMillis();
        final long base = backoffBase.toMillis();
        // Compared before shifting: a base of 100 days or more, doubled 30 times, overflows to below zero.
        final long ceiling = base > cap >> doublings ? cap : base << doublings;
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
