package dev.tradeloom.bff;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

import com.linecorp.armeria.server.ServiceRequestContext;

/**
 * The deadline a call to a core service gets: what is left of the edge request's time (the client's
 * deadline, or else the route's timeout), so that the core service gives up when the edge does.
 */
final class RequestDeadlines {
    private RequestDeadlines() {}

    /** What is left of {@code ctx}'s time, at least 1 ms; {@code fallback} without a request or a timeout. */
    static long remainingMillis(@Nullable ServiceRequestContext ctx, Duration fallback) {
        if (ctx == null || ctx.requestTimeoutMillis() <= 0) {
            return fallback.toMillis();
        }
        final long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(
                System.nanoTime() - ctx.log().partial().requestStartTimeNanos());
        return Math.max(1, ctx.requestTimeoutMillis() - elapsedMillis);
    }
}
