package dev.tradeloom.bff;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.RequestHeadersBuilder;
import com.linecorp.armeria.common.util.TimeoutMode;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;

import dev.tradeloom.api.v1.RateTier;
import dev.tradeloom.platform.logging.RequestLogContext;

import io.netty.util.AsciiString;

/**
 * {@code GET /feeds/meta/{token}.xml} on the public host: Meta's catalog feed, passed through from
 * catalog-core ({@code CATALOG_CORE_URL}) as it streams, under the public rate tier per client
 * address. The client's encoding and conditional headers go along, so gzip and 304s come from
 * catalog-core unchanged; the body is never held in memory here.
 */
final class MetaFeedProxy implements HttpService {
    /** The same path catalog-core serves. */
    static final String ROUTE = "regex:^/feeds/meta/(?<token>[^/]{1,200})\\.xml$";
    /** As long as catalog-core allows itself for a large catalog. */
    private static final Duration TIMEOUT = Duration.ofMinutes(10);
    private static final List<AsciiString> FORWARDED = List.of(HttpHeaderNames.ACCEPT_ENCODING,
                                                               HttpHeaderNames.IF_NONE_MATCH,
                                                               HttpHeaderNames.IF_MODIFIED_SINCE);
    private static final Logger logger = LoggerFactory.getLogger(MetaFeedProxy.class);

    private final WebClient catalogCore;
    private final RateLimits limits;
    private final ClientAddresses addresses;

    MetaFeedProxy(String catalogCoreUrl, RateLimits limits, ClientAddresses addresses) {
        catalogCore = WebClient.builder(requireNonNull(catalogCoreUrl, "catalogCoreUrl"))
                               .responseTimeout(TIMEOUT)
                               // Streamed through: no limit on what is never aggregated.
                               .maxResponseLength(0)
                               .build();
        this.limits = requireNonNull(limits, "limits");
        this.addresses = requireNonNull(addresses, "addresses");
    }

    @Override
    public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
        ctx.setRequestTimeout(TimeoutMode.SET_FROM_NOW, TIMEOUT);
        // Off the event loop: a shared rate-limit store answers over JDBC.
        return HttpResponse.of(CompletableFuture.supplyAsync(
                () -> limits.tryAcquire(RateTier.RATE_TIER_PUBLIC, addresses.key(ctx), ctx)
                      ? forward(ctx, req) : EdgeErrors.rateLimited(ctx),
                ctx.blockingTaskExecutor()));
    }

    private HttpResponse forward(ServiceRequestContext ctx, HttpRequest req) {
        final RequestHeadersBuilder headers = RequestHeaders.builder(HttpMethod.GET, ctx.path());
        for (AsciiString name : FORWARDED) {
            final String value = req.headers().get(name);
            if (value != null) {
                headers.add(name, value);
            }
        }
        final String requestId = RequestLogContext.requestId(ctx);
        if (requestId != null) {
            headers.add(RequestLogContext.HEADER, requestId);
        }
        return catalogCore.execute(headers.build()).recover(cause -> {
            logger.warn("Meta feed upstream failed: {}", cause.toString());
            return EdgeErrors.response(ctx, HttpStatus.SERVICE_UNAVAILABLE, "UNAVAILABLE",
                                       "The catalog is unavailable; retry later.", "UPSTREAM_UNAVAILABLE", Map.of());
        });
    }
}
