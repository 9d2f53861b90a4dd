package dev.tradeloom.tryon.domain;

import java.time.Duration;

import dev.tradeloom.platform.config.Env;

/**
 * How try-on jobs are limited and kept.
 *
 * @param userJobsPerDay   {@code TRYON_USER_JOBS_PER_DAY}, default 20: jobs one user may submit per UTC day
 * @param tenantJobsPerDay {@code TRYON_TENANT_JOBS_PER_DAY}, default 500: jobs submitted for one tenant per
 *                         UTC day, by all its members together
 * @param maxAttempts      {@code TRYON_MAX_ATTEMPTS}, default 5: tries before a job fails on passing faults
 * @param retention        {@code TRYON_RETENTION}, default 7d: jobs, their photos and results are deleted
 *                         this long after submission
 * @param sweepInterval    {@code TRYON_SWEEP_INTERVAL}, default 1h: how often expired jobs, and photo uploads
 *                         whose URL expired, are looked for
 */
public record TryOnSettings(int userJobsPerDay, int tenantJobsPerDay, int maxAttempts, Duration retention,
                            Duration sweepInterval) {

    public TryOnSettings {
        if (userJobsPerDay < 1 || tenantJobsPerDay < 1 || maxAttempts < 1) {
            throw new IllegalArgumentException("userJobsPerDay, tenantJobsPerDay, maxAttempts: " + userJobsPerDay
                                               + ", " + tenantJobsPerDay + ", " + maxAttempts
                                               + " (expected: >= 1)");
        }
        if (retention.isNegative() || retention.isZero() || sweepInterval.isNegative() || sweepInterval.isZero()) {
            throw new IllegalArgumentException("retention, sweepInterval: " + retention + ", " + sweepInterval
                                               + " (expected: > 0)");
        }
    }

    /** Reads the settings; problems are reported by the caller's {@link Env#check()}. */
    public static TryOnSettings fromEnv(Env env) {
        return new TryOnSettings(env.integer("TRYON_USER_JOBS_PER_DAY", 20, 1, 1_000_000),
                                 env.integer("TRYON_TENANT_JOBS_PER_DAY", 500, 1, 100_000_000),
                                 env.integer("TRYON_MAX_ATTEMPTS", 5, 1, 100),
                                 env.positiveDuration("TRYON_RETENTION", Duration.ofDays(7)),
                                 env.positiveDuration("TRYON_SWEEP_INTERVAL", Duration.ofHours(1)));
    }
}
