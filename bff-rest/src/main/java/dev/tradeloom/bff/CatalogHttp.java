package dev.tradeloom.bff;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.RequestHeadersBuilder;
import com.linecorp.armeria.server.ServiceRequestContext;

import dev.tradeloom.platform.logging.RequestLogContext;

import io.netty.util.AsciiString;

/**
 * catalog-core's plain-HTTP routes ({@code CATALOG_CORE_URL}), which the edge serves on the public host
 * under the same paths: the request's method and path go along with the headers named and the request id,
 * and catalog-core's response comes back as it streams, never held in memory here.
 */
final class CatalogHttp {
    /** As long as catalog-core allows itself for a large Meta feed. */
    static final Duration TIMEOUT = Duration.ofMinutes(10);
    private static final Logger logger = LoggerFactory.getLogger(CatalogHttp.class);

    private final WebClient catalogCore;

    CatalogHttp(String catalogCoreUrl) {
        catalogCore = WebClient.builder(requireNonNull(catalogCoreUrl, "catalogCoreUrl"))
                               .responseTimeout(TIMEOUT)
                               // Streamed through: no limit on what is never aggregated.
                               .maxResponseLength(0)
                               .build();
    }

    /**
     * Passes {@code req} on with the {@code forwarded} headers it has; a 503 when catalog-core cannot answer,
     * logged as a failure of {@code what} (not by path: a feed's path holds its secret token).
     */
    HttpResponse forward(ServiceRequestContext ctx, HttpRequest req, List<AsciiString> forwarded, String what) {
        final RequestHeadersBuilder headers = RequestHeaders.builder(ctx.method(), ctx.path());
        for (AsciiString name : forwarded) {
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
            logger.warn("{} upstream failed: {}", what, cause.toString());
            return EdgeErrors.response(ctx, HttpStatus.SERVICE_UNAVAILABLE, "UNAVAILABLE",
                                       "The catalog is unavailable; retry later.", "UPSTREAM_UNAVAILABLE",
                                       Map.of());
        });
    }
}
