package dev.tradeloom.bff;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpResponseWriter;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;

import dev.tradeloom.api.v1.RateTier;
import dev.tradeloom.platform.logging.RequestLogContext;
import dev.tradeloom.tryon.v1.TryOnJob;
import dev.tradeloom.tryon.v1.TryOnServiceGrpc;
import dev.tradeloom.tryon.v1.TryOnServiceGrpc.TryOnServiceStub;
import dev.tradeloom.tryon.v1.WatchTryOnJobRequest;
import io.grpc.Channel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.MetadataUtils;

/**
 * {@code GET /v1/tryon/jobs/{job_id}/events}: a browser follows a try-on job as server-sent events, fed by
 * tryon-worker's WatchTryOnJob stream with the caller's token. Each state is one {@code event: job} whose
 * data is the job as JSON (as {@code GET /v1/tryon/jobs/{job_id}} shows it); the stream ends after a final
 * state. An error before the first event (not signed in, unknown job) is an ordinary JSON error response;
 * one after it is an {@code event: error} with the same JSON shape, then the end. While a job waits or runs, a
 * comment line ({@code :}) goes out every half request timeout, at most {@link #KEEP_ALIVE_MAX} apart, which
 * EventSource ignores: a proxy in front that allows a request that long idle keeps the stream open while the
 * image is made (a minute or more). Lasts at most {@link #WATCH_LIMIT}; a browser's EventSource reconnects on
 * its own. Counts against the GENERAL tier.
 * EventSource sends no headers, so the token may come as {@code ?access_token=}.
 */
final class TryOnEvents implements HttpService {
    static final String ROUTE = "/v1/tryon/jobs/{job_id}/events";
    /** The longest one stream lasts. */
    static final Duration WATCH_LIMIT = Duration.ofMinutes(15);
    /** The longest silence between two writes of a stream. */
    static final Duration KEEP_ALIVE_MAX = Duration.ofSeconds(15);
    private static final HttpData COMMENT = HttpData.ofUtf8(":\n\n");

    private static final JsonFormat.Printer JSON = JsonFormat.printer().omittingInsignificantWhitespace();
    private static final MediaType EVENT_STREAM = MediaType.parse("text/event-stream; charset=utf-8");

    private final TryOnServiceStub tryOn;
    private final RateLimits limits;
    private final ClientKeys clients;
    private final Duration keepAlive;

    /** {@code requestTimeout}: the edge's; a stream is silent for half of it at most (and KEEP_ALIVE_MAX). */
    TryOnEvents(Channel tryonWorker, RateLimits limits, ClientKeys clients, Duration requestTimeout) {
        tryOn = TryOnServiceGrpc.newStub(requireNonNull(tryonWorker, "tryonWorker"));
        this.limits = requireNonNull(limits, "limits");
        this.clients = requireNonNull(clients, "clients");
        final Duration half = requestTimeout.dividedBy(2);
        keepAlive = half.compareTo(KEEP_ALIVE_MAX) < 0 ? half : KEEP_ALIVE_MAX;
    }

    @Override
    public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
        // Off the event loop: checking a token may fetch the signing keys, and a shared rate-limit store
        // answers over JDBC.
        return HttpResponse.of(CompletableFuture.supplyAsync(() -> watch(ctx, req), ctx.blockingTaskExecutor()));
    }

    private HttpResponse watch(ServiceRequestContext ctx, HttpRequest req) {
        final @Nullable String authorization = authorization(ctx, req);
        final RateTier tier = RateTier.RATE_TIER_GENERAL;
        if (!limits.tryAcquire(tier, clients.of(tier, authorization, ctx), ctx)) {
            return EdgeErrors.rateLimited(ctx);
        }
        ctx.setRequestTimeout(WATCH_LIMIT);
        final CompletableFuture<HttpResponse> response = new CompletableFuture<>();
        final HttpResponseWriter events = HttpResponse.streaming();
        final Metadata headers = new Metadata();
        if (authorization != null) {
            headers.put(ForwardedHeaders.AUTHORIZATION, authorization);
        }
        final @Nullable String requestId = RequestLogContext.requestId(ctx);
        if (requestId != null) {
            headers.put(ForwardedHeaders.REQUEST_ID, requestId);
        }
        headers.put(ForwardedHeaders.FORWARDED_FOR, clients.address(ctx).getHostAddress());
        tryOn.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
             .withDeadlineAfter(WATCH_LIMIT.toMillis(), TimeUnit.MILLISECONDS)
             .watchTryOnJob(WatchTryOnJobRequest.newBuilder().setJobId(ctx.pathParam("job_id")).build(),
                            new Relay(ctx, response, events, keepAlive));
        return HttpResponse.of(response);
    }

    /**
     * The caller's bearer token: the Authorization header, or the {@code access_token} query parameter
     * (RFC 6750, section 2.3) for a browser's EventSource, which cannot send headers. The access log never
     * writes query strings.
     */
    private static @Nullable String authorization(ServiceRequestContext ctx, HttpRequest req) {
        final @Nullable String header = req.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (header != null) {
            return header;
        }
        final @Nullable String token = ctx.queryParam("access_token");
        return token == null || token.isBlank() ? null : "Bearer " + token;
    }

    /** Writes the stream's messages as events; the first message (or an error) decides the response. */
    private static final class Relay implements ClientResponseObserver<WatchTryOnJobRequest, TryOnJob> {
        private final ServiceRequestContext ctx;
        private final CompletableFuture<HttpResponse> response;
        private final HttpResponseWriter events;
        private final Duration keepAlive;
        private boolean started;
        private @Nullable ScheduledFuture<?> comments;

        Relay(ServiceRequestContext ctx, CompletableFuture<HttpResponse> response, HttpResponseWriter events,
              Duration keepAlive) {
            this.ctx = ctx;
            this.response = response;
            this.events = events;
            this.keepAlive = keepAlive;
        }

        @Override
        public void beforeStart(ClientCallStreamObserver<WatchTryOnJobRequest> call) {
            // The browser went away: stop watching.
            events.whenComplete().handle((unused, cause) -> {
                stopComments();
                if (cause != null) {
                    call.cancel("the client closed the event stream", null);
                }
                return null;
            });
            response.whenComplete((unused, cause) -> {
                if (cause != null) {
                    call.cancel("the client closed the event stream", null);
                }
            });
        }

        @Override
        public synchronized void onNext(TryOnJob job) {
            if (!started) {
                started = true;
                events.write(ResponseHeaders.builder(HttpStatus.OK).contentType(EVENT_STREAM)
                                            .set(HttpHeaderNames.CACHE_CONTROL, "no-store").build());
                response.complete(events);
                comments = ctx.eventLoop().scheduleAtFixedRate(this::comment, keepAlive.toMillis(),
                                                               keepAlive.toMillis(), TimeUnit.MILLISECONDS);
            }
            try {
                events.write(event("job", JSON.print(job)));
            } catch (InvalidProtocolBufferException e) {
                throw new IllegalStateException("Cannot print a TryOnJob as JSON", e);
            }
        }

        @Override
        public synchronized void onError(Throwable t) {
            final Status received = Status.fromThrowable(t);
            // The browser is still here to be told, so a cancellation came from tryon-worker going away.
            final Status status = received.getCode() == Status.Code.CANCELLED ? Status.UNAVAILABLE : received;
            if (!started) {
                response.complete(EdgeErrors.fromStatus(ctx, status, StatusProto.fromThrowable(t)));
                return;
            }
            events.write(event("error", EdgeErrors.bodyOf(ctx, status, StatusProto.fromThrowable(t))));
            events.close();
        }

        @Override
        public synchronized void onCompleted() {
            if (!started) {
                started = true;
                response.complete(HttpResponse.of(HttpStatus.NO_CONTENT));
                return;
            }
            events.close();
        }

        private synchronized void comment() {
            if (!events.tryWrite(COMMENT)) {
                // Closed before the comments began (the browser left at once): they stop here.
                stopComments();
            }
        }

        private synchronized void stopComments() {
            if (comments != null) {
                comments.cancel(false);
            }
        }

        private static HttpData event(String name, String data) {
            return HttpData.of(StandardCharsets.UTF_8, "event: %s\ndata: %s\n\n", name, data);
        }
    }
}
