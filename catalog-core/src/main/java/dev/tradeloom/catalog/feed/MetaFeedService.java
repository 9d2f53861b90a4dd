package dev.tradeloom.catalog.feed;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpResponseWriter;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.ResponseHeadersBuilder;
import com.linecorp.armeria.common.util.TimeoutMode;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.encoding.EncodingService;

import dev.tradeloom.catalog.domain.Images;
import dev.tradeloom.catalog.domain.MetaFeeds;
import dev.tradeloom.catalog.store.MetaFeedState;

/**
 * {@code GET /feeds/meta/{token}.xml}: the Meta catalog feed of the tenant holding {@code token},
 * streamed from the database as it is read, gzip-encoded when the client accepts it, with a weak
 * ETag and Last-Modified from a cheap read of the catalog's state, so an unchanged catalog costs
 * Meta's hourly fetch a 304. An unknown token is a bare 404.
 */
public final class MetaFeedService implements HttpService {
    /**
     * The feed's route; the edge serves the same path on the public host. The parameter's name keeps
     * the token out of access logs ({@link dev.tradeloom.platform.logging.AccessLog#SECRET_PARAM}).
     */
    public static final String ROUTE = "regex:^/feeds/meta/(?<token>[^/]{1,200})\\.xml$";
    /** A large catalog to a slow client takes a while; the server's default 10 s is for rpcs. */
    static final Duration TIMEOUT = Duration.ofMinutes(10);
    /** Changes whenever the document's shape changes, so validators issued before never match. */
    private static final String FORMAT = "meta-feed-2";
    /** A CDN must not keep it (it is one tenant's secret URL); Meta may keep it but must revalidate. */
    private static final String CACHE_CONTROL = "private, no-cache";
    /** How long after the start of its second a change time is given as Last-Modified: see {@link #isSettled}. */
    private static final Duration SETTLED = Duration.ofSeconds(2);
    private static final MediaType XML = MediaType.parse("application/xml; charset=utf-8");
    private static final Logger logger = LoggerFactory.getLogger(MetaFeedService.class);

    private final MetaFeeds feeds;
    private final Images images;
    private final String publicBaseUrl;

    public MetaFeedService(MetaFeeds feeds, Images images, String publicBaseUrl) {
        this.feeds = requireNonNull(feeds, "feeds");
        this.images = requireNonNull(images, "images");
        this.publicBaseUrl = requireNonNull(publicBaseUrl, "publicBaseUrl");
    }

    /** Adds the feed route, gzip-encoded for clients that accept it, to {@code sb}. */
    public static void route(ServerBuilder sb, MetaFeeds feeds, Images images, String publicBaseUrl) {
        sb.route().get(ROUTE).build(EncodingService.builder()
                                                   .encodableContentTypes(type -> type.is(MediaType.ANY_TEXT_TYPE)
                                                                                  || type.subtype().endsWith("xml"))
                                                   .build(new MetaFeedService(feeds, images, publicBaseUrl)));
    }

    @Override
    public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
        ctx.setRequestTimeout(TimeoutMode.SET_FROM_NOW, TIMEOUT);
        final String token = requireNonNull(ctx.pathParam("token"), "token");
        final HttpResponseWriter response = HttpResponse.streaming();
        ctx.blockingTaskExecutor().execute(() -> respond(token, req.headers(), response));
        return response;
    }

    private void respond(String token, RequestHeaders request, HttpResponseWriter response) {
        try {
            final Optional<UUID> tenant = feeds.tenantOf(token);
            final Optional<MetaFeedState> state = tenant.flatMap(feeds::state);
            if (tenant.isEmpty() || state.isEmpty()) {
                response.write(ResponseHeaders.builder(HttpStatus.NOT_FOUND)
                                              .add(HttpHeaderNames.CACHE_CONTROL, "no-store").build());
                response.close();
                return;
            }
            final Instant now = Instant.now();
            final String etag = etag(state.get());
            final Instant lastModified = lastModified(state.get());
            final ResponseHeadersBuilder validators = ResponseHeaders.builder(HttpStatus.NOT_MODIFIED)
                    .add(HttpHeaderNames.ETAG, etag)
                    .add(HttpHeaderNames.CACHE_CONTROL, CACHE_CONTROL);
            if (isSettled(lastModified, now)) {
                validators.add(HttpHeaderNames.LAST_MODIFIED, httpDate(lastModified));
            }
            final ResponseHeaders notModified = validators.build();
            if (isNotModified(request, etag, lastModified)) {
                response.write(notModified);
                response.close();
                return;
            }
            response.write(notModified.toBuilder().status(HttpStatus.OK).contentType(XML).build());
            stream(tenant.get(), state.get(), response);
            response.close();
        } catch (RuntimeException e) {
            // Mid-stream there is no status left to send: aborting tells the client the feed is cut short.
            logger.debug("Meta feed response aborted", e);
            response.close(e);
        }
    }

    private void stream(UUID tenantId, MetaFeedState state, HttpResponseWriter response) {
        final ResponseBodyStream body = new ResponseBodyStream(response);
        final String brand = state.supplierName() == null ? "Catalog" : state.supplierName();
        final MetaFeedXml xml = MetaFeedXml.start(body, publicBaseUrl, tenantId, brand, images::url);
        feeds.forEachItem(tenantId, xml::item);
        xml.end();
        try {
            body.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * True when the client's copy is current: If-None-Match, when present, decides alone (any of
     * its tags, compared weakly, or {@code *}); otherwise If-Modified-Since at second precision.
     */
    static boolean isNotModified(RequestHeaders request, String etag, Instant lastModified) {
        final String ifNoneMatch = request.get(HttpHeaderNames.IF_NONE_MATCH);
        if (ifNoneMatch != null) {
            final String ours = opaque(etag);
            return Stream.of(ifNoneMatch.split(",")).map(String::trim)
                         .anyMatch(tag -> "*".equals(tag) || opaque(tag).equals(ours));
        }
        final String ifModifiedSince = request.get(HttpHeaderNames.IF_MODIFIED_SINCE);
        final @Nullable Instant since = ifModifiedSince == null ? null : parseHttpDate(ifModifiedSince);
        return since != null && !lastModified.isAfter(since);
    }

    /** A weak validator: the bytes differ with the encoding, the items do not. */
    static String etag(MetaFeedState state) {
        final String input = String.join("|", FORMAT, String.valueOf(state.itemsVersion()),
                                         String.valueOf(state.supplierName()),
                                         String.valueOf(state.supplierActive()));
        try {
            final byte[] digest = MessageDigest.getInstance("SHA-256").digest(input.getBytes(StandardCharsets.UTF_8));
            return "W/\"" + HexFormat.of().formatHex(digest, 0, 16) + '"';
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /**
     * Whether no change can still fall in {@code lastModified}'s second. An HTTP date counts whole seconds, so
     * a copy dated with a second not yet over would be "not modified since" for a change later in that second;
     * such a copy gets no Last-Modified, only its ETag. One more second allows for the clocks of this process
     * and of the database, which times the changes.
     */
    static boolean isSettled(Instant lastModified, Instant now) {
        return !now.isBefore(lastModified.plus(SETTLED));
    }

    /** The latest change that shaped the feed, at the second precision of HTTP dates. */
    static Instant lastModified(MetaFeedState state) {
        final @Nullable Instant supplierChangedAt = state.supplierChangedAt();
        final Instant latest = supplierChangedAt != null && supplierChangedAt.isAfter(state.itemsChangedAt())
                               ? supplierChangedAt : state.itemsChangedAt();
        return latest.truncatedTo(ChronoUnit.SECONDS);
    }

    private static String opaque(String tag) {
        return tag.startsWith("W/") ? tag.substring(2) : tag;
    }

    private static String httpDate(Instant instant) {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(instant.atOffset(ZoneOffset.UTC));
    }

    private static @Nullable Instant parseHttpDate(String value) {
        try {
            return ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
