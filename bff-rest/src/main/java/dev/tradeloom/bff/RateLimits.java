package dev.tradeloom.bff;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.linecorp.armeria.server.ServiceRequestContext;

import dev.tradeloom.api.v1.RateTier;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;

/**
 * Token buckets per client and tier, in this instance's memory: each tier allows its
 * per-minute budget, refilled smoothly. Idle buckets expire, so memory follows active clients.
 */
final class RateLimits {
    private final boolean enabled;
    private final Map<RateTier, Integer> perMinute;
    private final Cache<String, Bucket> buckets = Caffeine.newBuilder()
                                                          .expireAfterAccess(Duration.ofMinutes(10))
                                                          .maximumSize(1_000_000)
                                                          .build();

    RateLimits(boolean enabled, Map<RateTier, Integer> perMinute) {
        this.enabled = enabled;
        this.perMinute = Map.copyOf(requireNonNull(perMinute, "perMinute"));
    }

    /**
     * Takes one request from {@code client}'s budget for {@code tier} and reports the outcome in
     * {@code RateLimit-*} headers (and {@code Retry-After} when refused). Returns false when refused.
     */
    boolean tryAcquire(RateTier tier, String client, ServiceRequestContext ctx) {
        if (!enabled) {
            return true;
        }
        final RateTier effective = tier == RateTier.RATE_TIER_UNSPECIFIED ? RateTier.RATE_TIER_GENERAL : tier;
        final int limit = perMinute.get(effective);
        final Bucket bucket = buckets.get(effective + "|" + client, key -> newBucket(limit));
        final ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        ctx.addAdditionalResponseHeader("ratelimit-limit", String.valueOf(limit));
        ctx.addAdditionalResponseHeader("ratelimit-remaining", String.valueOf(probe.getRemainingTokens()));
        ctx.addAdditionalResponseHeader("ratelimit-reset", String.valueOf(seconds(probe.getNanosToWaitForReset())));
        if (!probe.isConsumed()) {
            ctx.addAdditionalResponseHeader("retry-after",
                                            String.valueOf(seconds(probe.getNanosToWaitForRefill())));
        }
        return probe.isConsumed();
    }

    private static Bucket newBucket(int perMinute) {
        return Bucket.builder()
                     .addLimit(Bandwidth.builder().capacity(perMinute)
                                        .refillGreedy(perMinute, Duration.ofMinutes(1)).build())
                     .build();
    }

    private static long seconds(long nanos) {
        return Math.max(1, TimeUnit.NANOSECONDS.toSeconds(nanos + 999_999_999L));
    }
}
