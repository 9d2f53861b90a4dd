package dev.tradeloom.bff;

import java.time.Duration;
import java.util.List;
import java.util.Map;

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
import dev.tradeloom.tenant.TenantCoreTesting;

/** A real tenant-core behind a real edge, and an HTTP client for the edge. */
final class EdgeTesting implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    /** Where no enquiry-core listens: edges of tests that do not need it. */
    private static final String NO_ENQUIRY_CORE = "http://127.0.0.1:1";

    final TenantCoreTesting tenantCore;
    final Server edge;
    final BlockingWebClient http;

    private final boolean ownsTenantCore;

    EdgeTesting(boolean rateLimits, Map<RateTier, Integer> perMinute) {
        this(new TenantCoreTesting(), true, NO_ENQUIRY_CORE, rateLimits, perMinute);
    }

    /** Another edge in front of an existing tenant-core, which it leaves running on close. */
    EdgeTesting(TenantCoreTesting tenantCore, boolean rateLimits, Map<RateTier, Integer> perMinute) {
        this(tenantCore, false, NO_ENQUIRY_CORE, rateLimits, perMinute);
    }

    /** An edge in front of an existing tenant-core and enquiry-core, which it leaves running on close. */
    EdgeTesting(TenantCoreTesting tenantCore, String enquiryCoreUrl, boolean rateLimits,
                Map<RateTier, Integer> perMinute) {
        this(tenantCore, false, enquiryCoreUrl, rateLimits, perMinute);
    }

    private EdgeTesting(TenantCoreTesting tenantCore, boolean ownsTenantCore, String enquiryCoreUrl,
                        boolean rateLimits, Map<RateTier, Integer> perMinute) {
        this.tenantCore = tenantCore;
        this.ownsTenantCore = ownsTenantCore;
        final BffConfig config = new BffConfig(0, tenantCore.uri(), enquiryCoreUrl,
                                               tenantCore.uri() + "/.well-known/jwks.json",
                                               List.of("https://shop.example"), rateLimits, perMinute,
                                               64 * 1024, Duration.ofSeconds(10), true);
        edge = BffServer.configure(Server.builder(), config).build();
        edge.start().join();
        http = WebClient.of(uri()).blocking();
    }

    static EdgeTesting withoutRateLimits() {
        return new EdgeTesting(false, generousLimits());
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
        if (ownsTenantCore) {
            tenantCore.close();
        }
    }
}
