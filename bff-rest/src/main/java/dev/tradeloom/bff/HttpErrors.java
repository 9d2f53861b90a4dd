package dev.tradeloom.bff;

import java.util.Map;

import org.jspecify.annotations.Nullable;

import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.server.RequestTimeoutException;
import com.linecorp.armeria.server.ServerErrorHandler;
import com.linecorp.armeria.server.ServiceConfig;
import com.linecorp.armeria.server.ServiceRequestContext;

/**
 * Errors the HTTP layer produces before any rpc runs (malformed path, unknown route, body too large,
 * wrong method) rendered in the same JSON shape as rpc errors.
 */
final class HttpErrors implements ServerErrorHandler {
    private static final String INVALID_PATH = "Invalid request path";

    @Override
    public @Nullable HttpResponse onServiceException(ServiceRequestContext ctx, Throwable cause) {
        // Services map their own failures; anything reaching here is rendered by renderStatus.
        return null;
    }

    @Override
    public @Nullable AggregatedHttpResponse renderStatus(@Nullable ServiceRequestContext ctx, ServiceConfig config,
                                                         @Nullable RequestHeaders headers, HttpStatus status,
                                                         @Nullable String description, @Nullable Throwable cause) {
        if (ctx == null) {
            return EdgeErrors.beforeRouting(status, code(status), explained(description), reason(status, description));
        }
        // Armeria answers its request timeout with 503; at the edge it means a core service did not answer in
        // time.
        final HttpStatus shown = cause instanceof RequestTimeoutException ? HttpStatus.GATEWAY_TIMEOUT : status;
        return EdgeErrors.response(ctx, shown, code(shown), explained(description), reason(shown, description),
                                   Map.of()).aggregate().join();
    }

    /** A reason a client can branch on, as rpc errors carry one. */
    private static String reason(HttpStatus status, @Nullable String description) {
        if (INVALID_PATH.equals(description)) {
            return "INVALID_PATH";
        }
        switch (status.code()) {
            case 404:
                return "ROUTE_NOT_FOUND";
            case 405:
                return "METHOD_NOT_ALLOWED";
            case 413:
                return "REQUEST_TOO_LARGE";
            case 414:
                return "URI_TOO_LONG";
            case 415:
                return "UNSUPPORTED_MEDIA_TYPE";
            case 504:
                return "DEADLINE_EXCEEDED";
            case 431:
                return "HEADERS_TOO_LARGE";
            default:
                return status.code() >= 500 ? "INTERNAL" : "BAD_REQUEST";
        }
    }

    /** Armeria's description of a refused request line, with what the client should change. */
    private static @Nullable String explained(@Nullable String description) {
        return INVALID_PATH.equals(description)
               ? INVALID_PATH + ": the path and query must be percent-encoded UTF-8, without '..' segments,"
                 + " malformed escapes (such as %zz) or control characters (%00 to %1F)"
               : description;
    }

    private static String code(HttpStatus status) {
        switch (status.code()) {
            case 400:
            case 413:
            case 415:
                return "INVALID_ARGUMENT";
            case 404:
                return "NOT_FOUND";
            case 405:
                return "UNIMPLEMENTED";
            case 503:
                return "UNAVAILABLE";
            case 504:
                return "DEADLINE_EXCEEDED";
            default:
                return status.code() >= 500 ? "INTERNAL" : "INVALID_ARGUMENT";
        }
    }
}
