package dev.tradeloom.bff;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;

import dev.tradeloom.api.v1.RateTier;
import dev.tradeloom.catalog.v1.GetStorefrontProductRequest;
import dev.tradeloom.catalog.v1.StorefrontProduct;
import dev.tradeloom.catalog.v1.StorefrontServiceGrpc;
import dev.tradeloom.catalog.v1.StorefrontServiceGrpc.StorefrontServiceBlockingStub;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * {@code GET /storefronts/{tenant}/products/{product}} on the public host: a product's page, where the
 * Meta catalog feed's links lead and whose Open Graph tags WhatsApp previews. Rendered from catalog-core's
 * StorefrontService in the browser's language, under the public rate tier per client address. A sold-out
 * product has its page, marked out of stock, as the feed lists it; any other product not visible in the
 * storefront (unknown, draft, archived) gets a 404 page. Never cached, so a seller's change shows on the
 * next request.
 */
final class ProductPage implements HttpService {
    static final String ROUTE = "/storefronts/{tenant}/products/{product}";
    /** Images come from the media host or a CDN; nothing runs. */
    private static final String POLICY = "default-src 'none'; img-src https: http:; style-src 'unsafe-inline'; "
                                         + "frame-ancestors 'none'";
    private static final Logger logger = LoggerFactory.getLogger(ProductPage.class);

    private final StorefrontServiceBlockingStub storefront;
    private final Duration timeout;
    private final RateLimits limits;
    private final ClientAddresses addresses;

    ProductPage(Channel catalogCore, Duration timeout, RateLimits limits, ClientAddresses addresses) {
        storefront = StorefrontServiceGrpc.newBlockingStub(requireNonNull(catalogCore, "catalogCore"));
        this.timeout = requireNonNull(timeout, "timeout");
        this.limits = requireNonNull(limits, "limits");
        this.addresses = requireNonNull(addresses, "addresses");
    }

    @Override
    public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
        // Off the event loop: a shared rate-limit store answers over JDBC, and catalog-core is asked blocking.
        // The blocking task executor carries the request's context (its id reaches the logs).
        return HttpResponse.of(CompletableFuture.supplyAsync(() -> page(ctx, req), ctx.blockingTaskExecutor()));
    }

    private HttpResponse page(ServiceRequestContext ctx, HttpRequest req) {
        if (!limits.tryAcquire(RateTier.RATE_TIER_PUBLIC, addresses.key(ctx), ctx)) {
            return EdgeErrors.rateLimited(ctx);
        }
        ctx.setAdditionalResponseHeader("content-security-policy", POLICY);
        return render(ctx, GetStorefrontProductRequest.newBuilder()
                .setTenantId(requireNonNull(ctx.pathParam("tenant")))
                .setProduct(requireNonNull(ctx.pathParam("product")))
                .setLanguage(language(req)).setIncludeSoldOut(true).build());
    }

    private HttpResponse render(ServiceRequestContext ctx, GetStorefrontProductRequest request) {
        final StorefrontProduct product;
        try {
            product = storefront.withDeadlineAfter(RequestDeadlines.remainingMillis(ctx, timeout),
                                                   TimeUnit.MILLISECONDS)
                                .getStorefrontProduct(request);
        } catch (StatusRuntimeException e) {
            final Status.Code code = e.getStatus().getCode();
            if (code == Status.Code.NOT_FOUND || code == Status.Code.INVALID_ARGUMENT) {
                return html(HttpStatus.NOT_FOUND, ProductPageHtml.notFound());
            }
            logger.warn("Product page upstream failed: {}", e.getStatus());
            return html(HttpStatus.SERVICE_UNAVAILABLE, ProductPageHtml.unavailable());
        }
        return html(HttpStatus.OK, ProductPageHtml.page(product));
    }

    private static String language(HttpRequest req) {
        final @Nullable String preferred = AcceptLanguage.preferred(req.headers().get(HttpHeaderNames.ACCEPT_LANGUAGE));
        return preferred == null ? "" : preferred;
    }

    private static HttpResponse html(HttpStatus status, String body) {
        return HttpResponse.of(ResponseHeaders.builder(status).contentType(MediaType.HTML_UTF_8)
                                              .set(HttpHeaderNames.CACHE_CONTROL, "no-cache").build(),
                               HttpData.ofUtf8(body));
    }
}
