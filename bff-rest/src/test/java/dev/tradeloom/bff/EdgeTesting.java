package dev.tradeloom.bff;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import com.linecorp.armeria.client.BlockingWebClient;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.RequestHeadersBuilder;
import com.linecorp.armeria.server.Server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.tradeloom.api.v1.RateTier;
import dev.tradeloom.catalog.CatalogCoreTesting;
import dev.tradeloom.tenant.TenantCoreTesting;

/**
 * A real tenant-core (and, when asked for, a real catalog-core) behind a real edge, and an HTTP client
 * for the edge. Without a catalog-core, catalog routes point at a closed port.
 */
final class EdgeTesting implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    /** Where no enquiry-core listens: edges of tests that do not need it. */
    private static final String NO_ENQUIRY_CORE = "http://127.0.0.1:1";
    /** Where no tryon-worker listens. */
    private static final String NO_TRYON_WORKER = "http://127.0.0.1:1";
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    final TenantCoreTesting tenantCore;
    final @Nullable CatalogCoreTesting catalogCore;
    final Server edge;
    final BlockingWebClient http;

    private final boolean ownsTenantCore;

    EdgeTesting(boolean rateLimits, Map<RateTier, Integer> perMinute) {
        this(new TenantCoreTesting(), null, true, NO_ENQUIRY_CORE, rateLimits, perMinute, RateLimitStore.MEMORY);
    }

    /** Another edge in front of an existing tenant-core, which it leaves running on close. */
    EdgeTesting(TenantCoreTesting tenantCore, boolean rateLimits, Map<RateTier, Integer> perMinute) {
        this(tenantCore, null, false, NO_ENQUIRY_CORE, rateLimits, perMinute, RateLimitStore.MEMORY);
    }

    /** Another edge in front of an existing tenant-core, with its rate limits in {@code store}. */
    EdgeTesting(TenantCoreTesting tenantCore, Map<RateTier, Integer> perMinute, RateLimitStore store) {
        this(tenantCore, null, false, NO_ENQUIRY_CORE, true, perMinute, store);
    }

    /** An edge in front of an existing tenant-core and enquiry-core, which it leaves running on close. */
    EdgeTesting(TenantCoreTesting tenantCore, String enquiryCoreUrl, boolean rateLimits,
                Map<RateTier, Integer> perMinute) {
        this(tenantCore, null, false, enquiryCoreUrl, rateLimits, perMinute, RateLimitStore.MEMORY);
    }

    private EdgeTesting(TenantCoreTesting tenantCore, @Nullable CatalogCoreTesting catalogCore,
                        boolean ownsTenantCore, String enquiryCoreUrl, boolean rateLimits,
                        Map<RateTier, Integer> perMinute, RateLimitStore store) {
        this(tenantCore, catalogCore, ownsTenantCore, enquiryCoreUrl, NO_TRYON_WORKER, rateLimits, perMinute,
             store, REQUEST_TIMEOUT);
    }

    /** An edge in front of an existing tenant-core and tryon-worker, which it leaves running on close. */
    static EdgeTesting withTryOn(TenantCoreTesting tenantCore, String tryonUrl) {
        return withTryOn(tenantCore, tryonUrl, REQUEST_TIMEOUT);
    }

    /** As {@link #withTryOn(TenantCoreTesting, String)}, with this request timeout. */
    static EdgeTesting withTryOn(TenantCoreTesting tenantCore, String tryonUrl, Duration requestTimeout) {
        return new EdgeTesting(tenantCore, null, false, NO_ENQUIRY_CORE, tryonUrl, false, generousLimits(),
                               RateLimitStore.MEMORY, requestTimeout);
    }

    private EdgeTesting(TenantCoreTesting tenantCore, @Nullable CatalogCoreTesting catalogCore,
                        boolean ownsTenantCore, String enquiryCoreUrl, String tryonUrl, boolean rateLimits,
                        Map<RateTier, Integer> perMinute, RateLimitStore store, Duration requestTimeout) {
        this.tenantCore = tenantCore;
        this.catalogCore = catalogCore;
        this.ownsTenantCore = ownsTenantCore;
        final String catalogUri = catalogCore == null ? "http://127.0.0.1:1" : catalogCore.uri();
        final BffConfig config = new BffConfig(0, tenantCore.uri(), catalogUri, enquiryCoreUrl,
                                               tenantCore.uri() + "/.well-known/jwks.json",
                                               List.of("https://shop.example"), rateLimits, perMinute,
                                               64 * 1024, requestTimeout, true, store,
                                               MAX_UPLOAD_BYTES, tryonUrl, List.of());
        edge = BffServer.configure(Server.builder(), config).build();
        edge.start().join();
        http = WebClient.of(uri()).blocking();
    }

    /**
     * The edge's upload limit in tests: twice catalog-core's image limit, so that both the edge's 413 and
     * catalog-core's own size check can be reached.
     */
    static final int MAX_UPLOAD_BYTES = 2 * CatalogCoreTesting.MAX_IMAGE_BYTES;

    static EdgeTesting withoutRateLimits() {
        return new EdgeTesting(false, generousLimits());
    }

    /** As {@link #withoutRateLimits()}, with these addresses as tenant-core's PLATFORM_ADMIN_EMAILS. */
    static EdgeTesting withPlatformAdmins(String... platformAdminEmails) {
        return new EdgeTesting(TenantCoreTesting.withPlatformAdmins(platformAdminEmails), null, true,
                               NO_ENQUIRY_CORE, false, generousLimits(), RateLimitStore.MEMORY);
    }

    /** tenant-core and catalog-core behind an edge without rate limits. */
    static EdgeTesting withCatalog() {
        final TenantCoreTesting tenantCore = new TenantCoreTesting();
        return new EdgeTesting(tenantCore, new CatalogCoreTesting(tenantCore), true, NO_ENQUIRY_CORE, false,
                               generousLimits(), RateLimitStore.MEMORY);
    }

    /** tenant-core and catalog-core behind an edge without rate limits, with this request timeout. */
    static EdgeTesting withCatalog(Duration requestTimeout) {
        final TenantCoreTesting tenantCore = new TenantCoreTesting();
        return new EdgeTesting(tenantCore, new CatalogCoreTesting(tenantCore), true, NO_ENQUIRY_CORE,
                               NO_TRYON_WORKER, false, generousLimits(), RateLimitStore.MEMORY, requestTimeout);
    }

    /** tenant-core and catalog-core behind an edge with the given rate limits. */
    static EdgeTesting withCatalog(Map<RateTier, Integer> perMinute) {
        final TenantCoreTesting tenantCore = new TenantCoreTesting();
        return new EdgeTesting(tenantCore, new CatalogCoreTesting(tenantCore), true, NO_ENQUIRY_CORE, true,
                               perMinute, RateLimitStore.MEMORY);
    }

    /**
     * An edge without rate limits in front of existing tenant-core, catalog-core and enquiry-core; it closes
     * the catalog-core and leaves the others running.
     */
    static EdgeTesting withCatalogAndEnquiries(TenantCoreTesting tenantCore, CatalogCoreTesting catalogCore,
                                               String enquiryCoreUrl) {
        return new EdgeTesting(tenantCore, catalogCore, false, enquiryCoreUrl, false, generousLimits(),
                               RateLimitStore.MEMORY);
    }

    static Map<RateTier, Integer> generousLimits() {
        return Map.of(RateTier.RATE_TIER_AUTH, 10_000, RateTier.RATE_TIER_GENERAL, 10_000,
                      RateTier.RATE_TIER_UPLOAD, 10_000, RateTier.RATE_TIER_PUBLIC, 10_000);
    }

    String uri() {
        return "http://127.0.0.1:" + edge.activeLocalPort();
    }

    AggregatedHttpResponse post(String path, String json, String accessToken) {
        final RequestHeadersBuilder headers = RequestHeaders.builder(HttpMethod.POST, path)
                                                             .contentType(MediaType.JSON_UTF_8);
        if (accessToken != null) {
            headers.add("authorization", "Bearer " + accessToken);
        }
        return http.execute(headers.build(), json);
    }

    /** POSTs {@code body} as it is, e.g. a file to the image upload route. */
    AggregatedHttpResponse postBytes(String path, byte[] body, MediaType type, String accessToken) {
        final RequestHeadersBuilder headers = RequestHeaders.builder(HttpMethod.POST, path).contentType(type);
        if (accessToken != null) {
            headers.add("authorization", "Bearer " + accessToken);
        }
        return http.execute(headers.build(), body);
    }

    AggregatedHttpResponse get(String path, String accessToken) {
        final RequestHeadersBuilder headers = RequestHeaders.builder(HttpMethod.GET, path);
        if (accessToken != null) {
            headers.add("authorization", "Bearer " + accessToken);
        }
        return http.execute(headers.build());
    }

    static JsonNode json(AggregatedHttpResponse response) {
        try {
            return JSON.readTree(response.contentUtf8());
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + response.contentUtf8(), e);
        }
    }

    @Override
    public void close() {
        edge.stop().join();
        if (catalogCore != null) {
            catalogCore.close();
        }
        if (ownsTenantCore) {
            tenantCore.close();
        }
    }
}
