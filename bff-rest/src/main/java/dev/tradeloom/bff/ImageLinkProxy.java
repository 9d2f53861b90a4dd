package dev.tradeloom.bff;

import static java.util.Objects.requireNonNull;

import java.util.List;

import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;

/**
 * {@code GET /media/{tenant}/images/{name}} on the public host: the image links catalog-core gives when
 * there is no media base URL ({@code MEDIA_PUBLIC_BASE_URL}), passed on to it; its redirect to a presigned
 * GET of the image, or its 404, comes back unchanged. Outside the rate tiers: a browser asks for a page's
 * images at once, and Meta downloads every image of a feed from a few addresses; each link costs one
 * indexed read and one signature.
 */
final class ImageLinkProxy implements HttpService {
    /** The same path catalog-core serves. */
    static final String ROUTE = "/media/{tenant}/images/{name}";

    private final CatalogHttp catalogCore;

    ImageLinkProxy(CatalogHttp catalogCore) {
        this.catalogCore = requireNonNull(catalogCore, "catalogCore");
    }

    @Override
    public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
        return catalogCore.forward(ctx, req, List.of(), "Image link");
    }
}
