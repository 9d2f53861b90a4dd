package dev.tradeloom.bff;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.util.TimeoutMode;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;

import dev.tradeloom.api.v1.RateTier;

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
    private static final List<AsciiString> FORWARDED = List.of(HttpHeaderNames.ACCEPT_ENCODING,
                                                               HttpHeaderNames.IF_NONE_MATCH,
                                                               HttpHeaderNames.IF_MODIFIED_SINCE);

    private final CatalogHttp catalogCore;
    private final RateLimits limits;
    private final ClientAddresses addresses;

    MetaFeedProxy(CatalogHttp catalogCore, RateLimits limits, ClientAddresses addresses) {
        this.catalogCore = requireNonNull(catalogCore, "catalogCore");
        this.limits = requireNonNull(limits, "limits");
        this.addresses = requireNonNull(addresses, "addresses");
    }

    @Override
    public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
        ctx.setRequestTimeout(TimeoutMode.SET_FROM_NOW, CatalogHttp.TIMEOUT);
        // Off the event loop: a shared rate-limit store answers over JDBC.
        return HttpResponse.of(CompletableFuture.supplyAsync(
                () -> limits.tryAcquire(RateTier.RATE_TIER_PUBLIC, addresses.key(ctx), ctx)
                      ? catalogCore.forward(ctx, req, FORWARDED, "Meta feed") : EdgeErrors.rateLimited(ctx),
                ctx.blockingTaskExecutor()));
    }
}
