package dev.tradeloom.enquiry.upstream;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tradeloom.platform.feed.TenantFeed;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * Pulls tenant-core's change feed when an enquiry names a supplier the read-model does not know, at most
 * once per interval: anyone may name made-up tenants, as fast as they like, and each must not cost a
 * call to tenant-core. An enquiry in between sees the read-model as it is, so a supplier created since
 * the last pull is found at the next one, forced or scheduled.
 */
public final class SupplierCatchUp implements Runnable {
    private static final Logger logger = LoggerFactory.getLogger(SupplierCatchUp.class);

    private final TenantFeed feed;
    private final Duration every;
    private final Clock clock;
    /** When the last forced pull started, and whether it failed; guarded by {@code this}. */
    private @Nullable Instant lastPull;
    private boolean lastFailed;

    /** Pulls {@code feed} at most once per {@code every} (zero: every time), by {@code clock}. */
    public SupplierCatchUp(TenantFeed feed, Duration every, Clock clock) {
        requireNonNull(every, "every");
        if (every.isNegative()) {
            throw new IllegalArgumentException("every: " + every + " (expected: >= 0)");
        }
        this.feed = requireNonNull(feed, "feed");
        this.every = every;
        this.clock = requireNonNull(clock, "clock");
    }

    /**
     * Pulls the feed, unless a forced pull started less than the interval ago: then returns at once, or
     * throws UNAVAILABLE again if that pull failed. UNAVAILABLE when tenant-core cannot be reached.
     * Callers take turns, so one that waited for a pull reads what it brought.
     */
    @Override
    public synchronized void run() {
        final Instant now = clock.instant();
        if (lastPull != null && now.isBefore(lastPull.plus(every))) {
            if (lastFailed) {
                throw unavailable();
            }
            return;
        }
        lastPull = now;
        lastFailed = true;
        try {
            feed.pull();
            lastFailed = false;
        } catch (RuntimeException e) {
            logger.warn("Catching up with tenant-core's feed failed: {}", e.toString());
            throw unavailable();
        }
    }

    private static StatusRuntimeException unavailable() {
        return Status.UNAVAILABLE.withDescription("The supplier directory is unavailable; retry shortly.")
                                 .asRuntimeException();
    }
}
