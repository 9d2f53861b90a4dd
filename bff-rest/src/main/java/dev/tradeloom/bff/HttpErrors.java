package dev.tradeloom.bff;

import java.util.Map;

import org.jspecify.annotations.Nullable;

import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.server.ServerErrorHandler;
import com.linecorp.armeria.server.ServiceConfig;
import com.linecorp.armeria.server.ServiceRequestContext;

/**
 * Errors the HTTP layer produces before any rpc runs (unknown route, body too large, wrong
 * method) rendered in the same JSON shape as rpc errors.
 */
final class HttpErrors implements ServerErrorHandler {
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
            return null;
        }
        return EdgeErrors.response(ctx, status, code(status), description, "", Map.of()).aggregate().join();
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
