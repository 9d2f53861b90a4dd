package dev.tradeloom.bff;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnsafeByteOperations;
import com.google.protobuf.util.JsonFormat;
import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.util.TimeoutMode;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;

import dev.tradeloom.api.v1.RateTier;
import dev.tradeloom.catalog.v1.Image;
import dev.tradeloom.catalog.v1.ImageServiceGrpc;
import dev.tradeloom.catalog.v1.ImageServiceGrpc.ImageServiceBlockingStub;
import dev.tradeloom.catalog.v1.UploadImageRequest;
import dev.tradeloom.platform.error.InvalidArgumentException;
import dev.tradeloom.platform.logging.RequestLogContext;
import dev.tradeloom.platform.storage.ImageType;
import io.grpc.Channel;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.MetadataUtils;

/**
 * {@code POST /v1/tenants/{tenant_id}/images}: a browser's image upload through the edge, the file
 * as the raw request body (any Content-Type; the type is sniffed from the first bytes). The body may
 * be larger than other requests, up to {@code MEDIA_MAX_IMAGE_BYTES}; a larger one is refused with 413
 * while it streams in. The file is passed with the caller's token to catalog-core's UploadImage, which
 * checks it again, stores it in S3 and records it; the edge itself never touches S3 or the database.
 * Counts against the caller's UPLOAD rate tier; errors come in the edge's one JSON shape.
 */
final class ImageUploads implements HttpService {
    static final String ROUTE = "/v1/tenants/{tenant_id}/images";
    /**
     * The longest the file may take to arrive, the route's timeout: the largest upload over a slow mobile link.
     * The request timeout bounds only the wait for catalog-core once the file is in.
     */
    static final Duration BODY_TIMEOUT = Duration.ofMinutes(5);

    private static final JsonFormat.Printer JSON = JsonFormat.printer().omittingInsignificantWhitespace();

    private final ImageServiceBlockingStub images;
    private final RateLimits limits;
    private final ClientKeys clients;
    private final Duration timeout;

    ImageUploads(Channel catalogCore, RateLimits limits, ClientKeys clients, Duration timeout) {
        images = ImageServiceGrpc.newBlockingStub(requireNonNull(catalogCore, "catalogCore"));
        this.limits = requireNonNull(limits, "limits");
        this.clients = requireNonNull(clients, "clients");
        this.timeout = requireNonNull(timeout, "timeout");
    }

    /**
     * Refuses a request without a bearer token or over its rate limit before reading its body, which may
     * be megabytes; then reads it and uploads it. Both steps block (shared rate limits are in PostgreSQL,
     * the core call waits for its answer), so they run off the event loop.
     */
    @Override
    public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
        final @Nullable String authorization = req.headers().get(HttpHeaderNames.AUTHORIZATION);
        return HttpResponse.of(CompletableFuture.supplyAsync(() -> refusal(ctx, authorization),
                                                             ctx.blockingTaskExecutor())
                                                .thenCompose(refused -> {
                                                    if (refused != null) {
                                                        req.abort();
                                                        return CompletableFuture.completedFuture(refused);
                                                    }
                                                    return req.aggregate().thenApplyAsync(
                                                            body -> upload(ctx, authorization, body),
                                                            ctx.blockingTaskExecutor());
                                                }));
    }

    private @Nullable HttpResponse refusal(ServiceRequestContext ctx, @Nullable String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "bearer ", 0, 7)) {
            return EdgeErrors.response(ctx, HttpStatus.UNAUTHORIZED, "UNAUTHENTICATED",
                                       "Sign in first: uploads need an Authorization: Bearer access token.",
                                       "UNAUTHENTICATED", Map.of());
        }
        final RateTier tier = RateTier.RATE_TIER_UPLOAD;
        if (!limits.tryAcquire(tier, clients.of(tier, authorization, ctx), ctx)) {
            return EdgeErrors.rateLimited(ctx);
        }
        return null;
    }

    private HttpResponse upload(ServiceRequestContext ctx, String authorization, AggregatedHttpRequest req) {
        // The file is in: from here on, the request timeout bounds the wait for catalog-core.
        ctx.setRequestTimeout(TimeoutMode.SET_FROM_NOW, timeout);
        final byte[] data = req.content().array();
        if (ImageType.sniff(data).isEmpty()) {
            return EdgeErrors.invalidArgument(ctx, InvalidArgumentException.of(
                    "body", data.length == 0 ? "is empty (expected: the image file's bytes)"
                                             : "is not an image (expected: " + ImageType.accepted() + ')'));
        }
        final UploadImageRequest request = UploadImageRequest.newBuilder()
                                                             .setTenantId(ctx.pathParam("tenant_id"))
                                                             .setData(UnsafeByteOperations.unsafeWrap(data)).build();
        try {
            final Image image = images.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(
                                              forwarded(ctx, authorization, req)))
                                      .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
                                      .uploadImage(request);
            return HttpResponse.of(HttpStatus.OK, MediaType.JSON_UTF_8, JSON.print(image));
        } catch (StatusRuntimeException e) {
            return EdgeErrors.fromStatus(ctx, e.getStatus(), StatusProto.fromThrowable(e));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("Cannot print an Image as JSON", e);
        }
    }

    /** The same identity headers the forwarded rpcs carry (see {@link ForwardedHeaders}). */
    private Metadata forwarded(ServiceRequestContext ctx, @Nullable String authorization,
                               AggregatedHttpRequest req) {
        final Metadata headers = new Metadata();
        if (authorization != null) {
            headers.put(ForwardedHeaders.AUTHORIZATION, authorization);
        }
        final @Nullable String requestId = RequestLogContext.requestId(ctx);
        if (requestId != null) {
            headers.put(ForwardedHeaders.REQUEST_ID, requestId);
        }
        final @Nullable String userAgent = req.headers().get(HttpHeaderNames.USER_AGENT);
        if (userAgent != null) {
            headers.put(ForwardedHeaders.CLIENT_USER_AGENT, userAgent);
        }
        headers.put(ForwardedHeaders.FORWARDED_FOR, clients.address(ctx).getHostAddress());
        return headers;
    }
}
