package dev.tradeloom.bff;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.local.LocalBucketBuilder;

/** Token buckets by key. Implementations may throw when their storage cannot be reached. */
interface Buckets extends AutoCloseable {

    /** Takes one token from the bucket {@code key}, creating it with {@code config} when new. */
    ConsumptionProbe tryConsume(String key, BucketConfiguration config);

    @Override
    default void close() {}

    /** Buckets in this instance's memory; idle ones expire, so memory follows active clients. */
    static Buckets inMemory() {
        final Cache<String, Bucket> buckets = Caffeine.newBuilder()
                                                      .expireAfterAccess(Duration.ofMinutes(10))
                                                      .maximumSize(1_000_000)
                                                      .build();
        return (key, config) -> buckets.get(key, k -> newBucket(config)).tryConsumeAndReturnRemaining(1);
    }

    private static Bucket newBucket(BucketConfiguration config) {
        final LocalBucketBuilder builder = Bucket.builder();
        for (Bandwidth bandwidth : config.getBandwidths()) {
            builder.addLimit(bandwidth);
        }
        return builder.build();
    }
}
