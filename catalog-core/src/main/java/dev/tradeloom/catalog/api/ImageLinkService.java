package dev.tradeloom.catalog.api;

import static java.util.Objects.requireNonNull;

import java.net.URI;

import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServiceRequestContext;

import dev.tradeloom.catalog.domain.Images;

/**
 * {@code GET /media/{tenant}/images/{name}}: an image link ({@link Images#url} without a media base URL),
 * answered with a redirect to a presigned GET of the image. Only images recorded for the tenant are served:
 * a pending upload's key, whose file was never checked, or any other object of the bucket is a 404. The
 * redirect may be kept for half the presigned URL's lifetime, so a kept one still leads somewhere.
 */
public final class ImageLinkService implements HttpService {
    /** The edge passes this path on from the public host. */
    public static final String ROUTE = Images.LINK_PATH + "{tenant}/images/{name}";

    private final Images images;
    private final String cacheControl;

    private ImageLinkService(Images images) {
        this.images = requireNonNull(images, "images");
        cacheControl = "public, max-age=" + Math.max(0, images.downloadTtl().toSeconds() / 2);
    }

    /** Adds the route, for GET and HEAD, to {@code sb}. */
    public static void route(ServerBuilder sb, Images images) {
        sb.route().methods(HttpMethod.GET, HttpMethod.HEAD).path(ROUTE).build(new ImageLinkService(images));
    }

    @Override
    public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
        final String key = ctx.path().substring(Images.LINK_PATH.length());
        return HttpResponse.of(
                () -> images.download(key).map(this::redirect).orElseGet(ImageLinkService::notFound),
                ctx.blockingTaskExecutor());
    }

    private HttpResponse redirect(URI location) {
        return HttpResponse.of(ResponseHeaders.builder(HttpStatus.FOUND)
                                              .add(HttpHeaderNames.LOCATION, location.toString())
                                              .add(HttpHeaderNames.CACHE_CONTROL, cacheControl)
                                              .build());
    }

    private static HttpResponse notFound() {
        return HttpResponse.of(ResponseHeaders.builder(HttpStatus.NOT_FOUND)
                                              .add(HttpHeaderNames.CACHE_CONTROL, "no-store").build());
    }
}
