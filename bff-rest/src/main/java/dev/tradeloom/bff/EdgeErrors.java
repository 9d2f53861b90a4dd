package dev.tradeloom.bff;

import java.util.Base64;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import com.google.rpc.RetryInfo;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestContext;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.ResponseHeadersBuilder;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.grpc.UnframedGrpcErrorHandler;

import dev.tradeloom.platform.error.InvalidArgumentException;
import dev.tradeloom.platform.logging.RequestLogContext;

import io.grpc.Status;

/**
 * The edge's one gRPC-status→HTTP table and one JSON error shape:
 * {@code {"code", "message", "reason", "details": {"fieldViolations": [{"field", "description"}]}}}.
 * Server faults never reveal more than a request id.
 */
final class EdgeErrors {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<Status.Code, HttpStatus> HTTP = new EnumMap<>(Status.Code.class);

    static {
        HTTP.put(Status.Code.OK, HttpStatus.OK);
        HTTP.put(Status.Code.INVALID_ARGUMENT, HttpStatus.BAD_REQUEST);
        HTTP.put(Status.Code.FAILED_PRECONDITION, HttpStatus.BAD_REQUEST);
        HTTP.put(Status.Code.OUT_OF_RANGE, HttpStatus.BAD_REQUEST);
        HTTP.put(Status.Code.UNAUTHENTICATED, HttpStatus.UNAUTHORIZED);
        HTTP.put(Status.Code.PERMISSION_DENIED, HttpStatus.FORBIDDEN);
        HTTP.put(Status.Code.NOT_FOUND, HttpStatus.NOT_FOUND);
        HTTP.put(Status.Code.ALREADY_EXISTS, HttpStatus.CONFLICT);
        HTTP.put(Status.Code.ABORTED, HttpStatus.CONFLICT);
        HTTP.put(Status.Code.RESOURCE_EXHAUSTED, HttpStatus.TOO_MANY_REQUESTS);
        HTTP.put(Status.Code.CANCELLED, HttpStatus.valueOf(499));
        HTTP.put(Status.Code.UNIMPLEMENTED, HttpStatus.NOT_IMPLEMENTED);
        HTTP.put(Status.Code.UNAVAILABLE, HttpStatus.SERVICE_UNAVAILABLE);
        HTTP.put(Status.Code.DEADLINE_EXCEEDED, HttpStatus.GATEWAY_TIMEOUT);
    }

    private EdgeErrors() {}

    static HttpStatus httpStatus(Status.Code code) {
        return HTTP.getOrDefault(code, HttpStatus.INTERNAL_SERVER_ERROR);
    }

    /** Renders the failure of a transcoded REST call from its gRPC status and trailers. */
    static UnframedGrpcErrorHandler forTranscoding() {
        return (ctx, status, response) -> fromStatus(ctx, status, details(response));
    }

    /** Renders a gRPC failure, with its rich details when the service sent them. */
    static HttpResponse fromStatus(RequestContext ctx, Status received,
                                   com.google.rpc.@Nullable Status details) {
        // The edge's request timeout cancels the forwarded call: the client cancelled nothing, its deadline
        // passed.
        final Status status = received.getCode() == Status.Code.CANCELLED && ctx.isTimedOut()
                              ? Status.DEADLINE_EXCEEDED : received;
        String reason = "";
        final Map<String, Object> extra = new LinkedHashMap<>();
        com.google.protobuf.@Nullable Duration retryDelay = null;
        if (details != null) {
            for (Any any : details.getDetailsList()) {
                reason = any.is(ErrorInfo.class) ? unpack(any, ErrorInfo.class).getReason() : reason;
                if (any.is(BadRequest.class)) {
                    extra.put("fieldViolations", unpack(any, BadRequest.class).getFieldViolationsList().stream()
                            .map(v -> Map.of("field", v.getField(), "description", v.getDescription()))
                            .toList());
                }
                if (any.is(RetryInfo.class)) {
                    retryDelay = unpack(any, RetryInfo.class).getRetryDelay();
                }
            }
        }
        // A stale etag that If-Match gave is HTTP's failed precondition; one the client put in the body, a conflict.
        final HttpStatus http = status.getCode() == Status.Code.ABORTED && "ETAG_MISMATCH".equals(reason)
                                && ctx instanceof ServiceRequestContext served && EntityTags.askedToMatch(served)
                                ? HttpStatus.PRECONDITION_FAILED : httpStatus(status.getCode());
        final HttpResponse response = response(ctx, http, status.getCode().name(), status.getDescription(), reason,
                                               extra);
        if (retryDelay == null) {
            return response;
        }
        // Whole seconds, rounded up: a client that waits exactly this long is not refused again.
        final long seconds = Math.max(1, retryDelay.getSeconds() + (retryDelay.getNanos() > 0 ? 1 : 0));
        return response.mapHeaders(headers -> headers.toBuilder()
                                                     .set(HttpHeaderNames.RETRY_AFTER, Long.toString(seconds))
                                                     .build());
    }

    /**
     * The JSON body {@link #fromStatus} answers with, for a failure that must be told inside a response already
     * under way (an event stream).
     */
    static String bodyOf(RequestContext ctx, Status status, com.google.rpc.@Nullable Status details) {
        return fromStatus(ctx, status, details).aggregate().join().contentUtf8();
    }

    /** A 400 for input the edge refuses itself, with one field violation per bad field. */
    static HttpResponse invalidArgument(RequestContext ctx, InvalidArgumentException e) {
        return response(ctx, HttpStatus.BAD_REQUEST, Status.Code.INVALID_ARGUMENT.name(), e.getMessage(), e.reason(),
                        Map.of("fieldViolations", e.violations().stream()
                                .map(v -> Map.of("field", v.field(), "description", v.description()))
                                .toList()));
    }

    /** The 429 of a request over its rate limit; the limiter has set Retry-After and the RateLimit headers. */
    static HttpResponse rateLimited(RequestContext ctx) {
        return response(ctx, HttpStatus.TOO_MANY_REQUESTS, "RESOURCE_EXHAUSTED",
                        "Too many requests; retry after the time in Retry-After.", "RATE_LIMITED", Map.of());
    }

    /** The JSON error response; server faults get a generic message with the request id. */
    static HttpResponse response(RequestContext ctx, HttpStatus http, String code, @Nullable String message,
                                 String reason, Map<String, Object> details) {
        final @Nullable String requestId = RequestLogContext.requestId(ctx);
        final String shown = isFault(http) || message == null || message.isBlank()
                             ? defaultMessage(http) + " (request id "
                               + (requestId != null ? requestId : ctx.id().text()) + ')'
                             : message;
        return HttpResponse.of(http, MediaType.JSON_UTF_8, body(code, shown, reason, details));
    }

    /**
     * The JSON error response to a request refused before it had a context (a malformed path, headers too
     * large), which no decorator sees: it carries the API's security headers itself.
     */
    static AggregatedHttpResponse beforeRouting(HttpStatus http, String code, @Nullable String description,
                                                String reason) {
        final String shown = isFault(http) || description == null || description.isBlank()
                             ? defaultMessage(http) : description;
        final ResponseHeadersBuilder headers = ResponseHeaders.builder(http).contentType(MediaType.JSON_UTF_8);
        SecurityHeaders.API.forEach(headers::add);
        return AggregatedHttpResponse.of(headers.build(), HttpData.ofUtf8(body(code, shown, reason, Map.of())));
    }

    private static boolean isFault(HttpStatus http) {
        return http.code() >= 500 && http != HttpStatus.SERVICE_UNAVAILABLE && http != HttpStatus.GATEWAY_TIMEOUT
               && http != HttpStatus.NOT_IMPLEMENTED;
    }

    private static String body(String code, String message, String reason, Map<String, Object> details) {
        final Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", code);
        body.put("message", message);
        body.put("reason", reason);
        body.put("details", details);
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write an error body", e);
        }
    }

    private static String defaultMessage(HttpStatus http) {
        switch (http.code()) {
            case 404:
                return "No such route; see /docs for the API";
            case 413:
                return "The request body is too large";
            case 503:
                return "A service is unavailable; retry shortly";
            case 504:
                return "A service did not answer in time; retry shortly";
            default:
                return http.code() >= 500 ? "Internal error" : http.reasonPhrase();
        }
    }

    private static com.google.rpc.@Nullable Status details(AggregatedHttpResponse response) {
        String encoded = response.trailers().get("grpc-status-details-bin");
        if (encoded == null) {
            encoded = response.headers().get("grpc-status-details-bin");
        }
        if (encoded == null) {
            return null;
        }
        try {
            return com.google.rpc.Status.parseFrom(Base64.getDecoder().decode(padded(encoded)));
        } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
            return null;
        }
    }

    private static String padded(String base64) {
        final int pad = (4 - base64.length() % 4) % 4;
        return base64 + "=".repeat(pad);
    }

    private static <T extends com.google.protobuf.Message> T unpack(Any any, Class<T> type) {
        try {
            return any.unpack(type);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("Corrupt error detail " + any.getTypeUrl(), e);
        }
    }

    static List<String> exposedHeaders() {
        return List.of("x-request-id", "grpc-status", "grpc-message", "grpc-status-details-bin", "retry-after",
                       "ratelimit-policy", "ratelimit", "etag");
    }
}
