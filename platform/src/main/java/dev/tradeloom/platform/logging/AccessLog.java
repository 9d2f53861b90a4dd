package dev.tradeloom.platform.logging;

import static java.util.Objects.requireNonNull;

import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import org.slf4j.spi.LoggingEventBuilder;

import com.linecorp.armeria.common.RequestContext;
import com.linecorp.armeria.common.logging.RequestLog;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.logging.AccessLogWriter;

/**
 * One concise line per call: method, path (never the query string, which may hold one-time
 * tokens, and never a path parameter named {@value #SECRET_PARAM}, such as a feed's token, whose
 * place shows {@value #MASK}), HTTP status, gRPC status when there is one, duration, request id
 * and user id. The ids also travel as MDC entries and the values as key-value pairs for JSON logs.
 * Successful calls of routine paths (polls that come every few seconds) are written at DEBUG.
 */
public final class AccessLog implements AccessLogWriter {
    /** The name a route gives a path parameter that is a secret. */
    public static final String SECRET_PARAM = "token";
    private static final String MASK = "[token]";

    private final Logger logger;
    private final Set<String> routinePaths;

    private AccessLog(String service, Set<String> routinePaths) {
        logger = LoggerFactory.getLogger("tradeloom.access." + requireNonNull(service, "service"));
        this.routinePaths = Set.copyOf(routinePaths);
    }

    /** The access log of {@code service}, written to logger {@code tradeloom.access.<service>}. */
    public static AccessLogWriter of(String service) {
        return of(service, Set.of());
    }

    /** The same, with the successful calls of {@code routinePaths} written at DEBUG. */
    public static AccessLogWriter of(String service, Set<String> routinePaths) {
        return new AccessLog(service, routinePaths);
    }

    @Override
    public void log(RequestLog log) {
        final int status = log.responseHeaders().status().code();
        final @Nullable String grpcStatus = grpcStatus(log);
        final Level level = status == 200 && (grpcStatus == null || "0".equals(grpcStatus))
                            && routinePaths.contains(log.context().path()) ? Level.DEBUG : Level.INFO;
        if (!logger.isEnabledForLevel(level)) {
            return;
        }
        final String method = log.requestHeaders().method().name();
        final String path = loggedPath(log.context());
        final long millis = TimeUnit.NANOSECONDS.toMillis(log.totalDurationNanos());
        final @Nullable String requestId = RequestLogContext.requestId(log.context());
        final @Nullable String userId = RequestLogContext.userId(log.context());
        final StringBuilder line = new StringBuilder(96).append(method).append(' ').append(path).append(' ')
                                                        .append(status);
        if (grpcStatus != null) {
            line.append(" grpc-status=").append(grpcStatus);
        }
        line.append(' ').append(millis).append("ms");
        if (requestId != null) {
            line.append(" request=").append(requestId);
        }
        if (userId != null) {
            line.append(" user=").append(userId);
        }
        LoggingEventBuilder event = logger.atLevel(level).setMessage(line.toString())
                                          .addKeyValue("method", method)
                                          .addKeyValue("path", path)
                                          .addKeyValue("status", status)
                                          .addKeyValue("duration_ms", millis);
        if (grpcStatus != null) {
            event = event.addKeyValue("grpc_status", grpcStatus);
        }
        event.log();
    }

    private static String loggedPath(RequestContext ctx) {
        final String path = ctx.path();
        final @Nullable String secret = ctx instanceof ServiceRequestContext service
                                        ? service.pathParam(SECRET_PARAM) : null;
        return secret == null || secret.isEmpty() ? path : path.replace(secret, MASK);
    }

    private static @Nullable String grpcStatus(RequestLog log) {
        final String inTrailers = log.responseTrailers().get("grpc-status");
        return inTrailers != null ? inTrailers : log.responseHeaders().get("grpc-status");
    }
}
