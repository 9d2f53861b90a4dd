package dev.tradeloom.bff;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.linecorp.armeria.server.ServiceRequestContext;

import dev.tradeloom.api.v1.RateTier;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Token buckets per client and tier: each tier allows its per-minute budget, refilled smoothly.
 * The buckets live in memory or in PostgreSQL ({@link Buckets}); when the shared store fails,
 * requests are let through (fail open), counted in {@code tradeloom_ratelimit_store_failures}
 * and logged at most once a minute.
 */
final class RateLimits implements AutoCloseable {
    private static final Logger logger = LoggerFactory.getLogger(RateLimits.class);
    private static final long LOG_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final boolean enabled;
    private final Map<RateTier, Integer> perMinute;
    private final Map<RateTier, BucketConfiguration> configurations = new EnumMap<>(RateTier.class);
    private final Buckets buckets;
    private final Counter storeFailures;
    private final AtomicLong lastFailureLog = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);

    RateLimits(boolean enabled, Map<RateTier, Integer> perMinute, Buckets buckets, MeterRegistry metrics) {
        this.enabled = enabled;
        this.perMinute = Map.copyOf(requireNonNull(perMinute, "perMinute"));
        this.buckets = requireNonNull(buckets, "buckets");
        this.perMinute.forEach((tier, limit) -> configurations.put(tier, BucketConfiguration.builder()
                .addLimit(Bandwidth.builder().capacity(limit).refillGreedy(limit, Duration.ofMinutes(1)).build())
                .build()));
        storeFailures = Counter.builder("tradeloom.ratelimit.store.failures")
                               .description("Requests let through because the rate-limit store failed")
                               .register(requireNonNull(metrics, "metrics"));
    }

    /**
     * Takes one request from {@code client}'s budget for {@code tier} and reports the outcome in
     * the {@code RateLimit-Policy} and {@code RateLimit} headers (and {@code Retry-After} when refused).
     * Returns false when refused.
     */
    boolean tryAcquire(RateTier tier, String client, ServiceRequestContext ctx) {
        if (!enabled) {
            return true;
        }
        final RateTier effective = tier == RateTier.RATE_TIER_UNSPECIFIED ? RateTier.RATE_TIER_GENERAL : tier;
        final ConsumptionProbe probe;
        try {
            probe = buckets.tryConsume(effective + "|" + client, configurations.get(effective));
        } catch (RuntimeException e) {
            // The shared store is down or slow: serving without limits beats refusing everyone.
            storeFailures.increment();
            logFailure(e);
            return true;
        }
        // draft-ietf-httpapi-ratelimit-headers-10: the tier's policy (quota per 60 s window) and what is left.
        final String policy = '"' + policyName(effective) + '"';
        ctx.addAdditionalResponseHeader("ratelimit-policy", policy + ";q=" + perMinute.get(effective) + ";w=60");
        ctx.addAdditionalResponseHeader("ratelimit", policy + ";r=" + probe.getRemainingTokens() + ";t="
                                                     + seconds(probe.getNanosToWaitForReset()));
        if (!probe.isConsumed()) {
            ctx.addAdditionalResponseHeader("retry-after",
                                            String.valueOf(seconds(probe.getNanosToWaitForRefill())));
        }
        return probe.isConsumed();
    }

    @Override
    public void close() {
        buckets.close();
    }

    private void logFailure(RuntimeException e) {
        final long now = System.nanoTime();
        final long last = lastFailureLog.get();
        if (now - last >= LOG_EVERY_NANOS && lastFailureLog.compareAndSet(last, now)) {
            logger.warn("Rate-limit store failed; letting requests through until it recovers ({})", e.toString());
        }
    }

    /** The tier as a policy name: {@code RATE_TIER_GENERAL} is {@code general}. */
    private static String policyName(RateTier tier) {
        return tier.name().substring("RATE_TIER_".length()).toLowerCase(Locale.ROOT);
    }

    private static long seconds(long nanos) {
        return Math.max(1, TimeUnit.NANOSECONDS.toSeconds(nanos + 999_999_999L));
    }
}
