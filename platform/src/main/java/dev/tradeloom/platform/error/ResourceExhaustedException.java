package dev.tradeloom.platform.error;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

import org.jspecify.annotations.Nullable;

/**
 * A quota or rate limit is exhausted; when it is known, how long until a retry can succeed, which clients
 * get as {@code google.rpc.RetryInfo} (and through the edge as {@code Retry-After}).
 */
public final class ResourceExhaustedException extends ApiException {
    private static final long serialVersionUID = 1L;

    private final @Nullable Duration retryAfter;

    public ResourceExhaustedException(String reason, String message) {
        super(reason, message);
        retryAfter = null;
    }

    public ResourceExhaustedException(String reason, String message, Duration retryAfter) {
        super(reason, message);
        this.retryAfter = requireNonNull(retryAfter, "retryAfter");
    }

    /** A daily quota of the UTC day {@code now} falls in: a retry can succeed from the next midnight UTC. */
    public static ResourceExhaustedException untilTomorrow(String reason, String message, Instant now) {
        final Instant midnight = LocalDate.ofInstant(now, ZoneOffset.UTC).plusDays(1)
                                          .atStartOfDay(ZoneOffset.UTC).toInstant();
        return new ResourceExhaustedException(reason, message, Duration.between(now, midnight));
    }

    /** How long until a retry can succeed, or null when that is not known. */
    public @Nullable Duration retryAfter() {
        return retryAfter;
    }
}
