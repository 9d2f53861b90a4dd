package dev.tradeloom.bff;

import static dev.tradeloom.bff.EdgeTesting.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.linecorp.armeria.client.BlockingWebClient;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.RequestHeadersBuilder;
import com.linecorp.armeria.server.Server;

import dev.tradeloom.platform.config.Env;

/**
 * {@code /internal/metrics} answers only clients on {@code METRICS_ALLOWED_NETWORKS}; everyone else gets the
 * unknown route's 404. The edges are configured as at start, from settings; this test's requests come from
 * 127.0.0.1, a proxy in front of the edge when {@code TRUSTED_PROXIES} names it.
 */
class EdgeMetricsAccessTest {
    private static final String NOWHERE = "http://127.0.0.1:1";

    private @Nullable Server edge;
    private BlockingWebClient http;

    @AfterEach
    void stop() {
        if (edge != null) {
            edge.stop().join();
        }
    }

    @Test
    void metrics_fromLoopback_areReadableByDefault() {
        start(Map.of());

        final AggregatedHttpResponse metrics = get("/internal/metrics", null);
        assertThat(metrics.status()).isEqualTo(HttpStatus.OK);
        assertThat(metrics.contentUtf8()).contains("# TYPE");
    }

    @Test
    void metrics_fromOutsideTheAllowedNetworks_answerAsAnUnknownRoute() {
        start(Map.of("METRICS_ALLOWED_NETWORKS", "10.0.0.0/8, 192.168.0.0/16"));

        assertNotFoundAsAnUnknownRoute(get("/internal/metrics", null));
        // Served directly, a forwarded-for header is the client's own claim.
        assertNotFoundAsAnUnknownRoute(get("/internal/metrics", "10.0.0.5"));
        // Load balancers still see the health, and people the docs.
        assertThat(get("/internal/health", null).status()).isEqualTo(HttpStatus.OK);
        assertThat(get("/docs/", null).status()).isEqualTo(HttpStatus.OK);
    }

    @Test
    void metrics_forwardedByATrustedProxyForAPublicClient_answerAsAnUnknownRoute() {
        // The proxy's own address, loopback, is allowed: the client it names is not.
        start(Map.of("TRUSTED_PROXIES", "127.0.0.1"));

        assertNotFoundAsAnUnknownRoute(get("/internal/metrics", "203.0.113.9"));
        // A client's forged entry, left of the address the proxy appended, changes nothing.
        assertNotFoundAsAnUnknownRoute(get("/internal/metrics", "10.0.0.5, 203.0.113.9"));
    }

    @Test
    void metrics_forwardedByATrustedProxyForAPrivateClient_areReadable() {
        // The proxy's own address, loopback, is not allowed: the client it names is.
        start(Map.of("TRUSTED_PROXIES", "127.0.0.1", "METRICS_ALLOWED_NETWORKS", "10.0.0.0/8, 192.168.0.0/16"));

        final AggregatedHttpResponse metrics = get("/internal/metrics", "192.168.1.20");
        assertThat(metrics.status()).isEqualTo(HttpStatus.OK);
        assertThat(metrics.contentUtf8()).contains("# TYPE");
    }

    private void assertNotFoundAsAnUnknownRoute(AggregatedHttpResponse response) {
        final AggregatedHttpResponse unknown = get("/internal/no-such-route", null);
        assertThat(response.status()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(response.contentType()).isEqualTo(unknown.contentType());
        assertThat(withoutRequestId(response)).isEqualTo(withoutRequestId(unknown));
        assertThat(json(response).get("reason").asText()).isEqualTo("ROUTE_NOT_FOUND");
    }

    /** The error body without the request id its message names, which differs from request to request. */
    private static String withoutRequestId(AggregatedHttpResponse response) {
        return response.contentUtf8().replaceAll("\\(request id [^)]*\\)", "(request id)");
    }

    private void start(Map<String, String> settings) {
        final Map<String, String> env = new HashMap<>(Map.of(
                "BFF_PORT", "0", "TENANT_CORE_URL", NOWHERE, "CATALOG_CORE_URL", NOWHERE,
                "ENQUIRY_CORE_URL", NOWHERE, "TRYON_URL", NOWHERE));
        env.putAll(settings);
        edge = BffServer.configure(Server.builder(), BffConfig.fromEnv(Env.of(env))).build();
        edge.start().join();
        http = WebClient.of("http://127.0.0.1:" + edge.activeLocalPort()).blocking();
    }

    private AggregatedHttpResponse get(String path, @Nullable String forwardedFor) {
        final RequestHeadersBuilder headers = RequestHeaders.builder(HttpMethod.GET, path);
        if (forwardedFor != null) {
            headers.add("x-forwarded-for", forwardedFor);
        }
        return http.execute(headers.build());
    }
}
