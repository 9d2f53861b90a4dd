package dev.tradeloom.bff;

import static dev.tradeloom.bff.EdgeTesting.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpStatus;

class EdgeAccountFlowTest {
    private static EdgeTesting edge;

    @BeforeAll
    static void start() {
        edge = EdgeTesting.withoutRateLimits();
    }

    @AfterAll
    static void stop() {
        edge.close();
    }

    @Test
    void accountFlow_overRest_registerVerifyLoginRefreshAndReuse() {
        final String email = "flow-" + UUID.randomUUID() + "@example.com";
        final AggregatedHttpResponse registered = edge.post(
                "/v1/auth/register",
                "{\"email\":\"" + email + "\",\"password\":\"silk and cotton\",\"displayName\":\"Asha\"}", null);
        assertThat(registered.status()).isEqualTo(HttpStatus.OK);
        // proto3 JSON leaves out fields at their default value (false).
        assertThat(json(registered).path("emailVerified").asBoolean(false)).isFalse();

        final String token = edge.tenantCore.mail.last("verify", email);
        final AggregatedHttpResponse verified = edge.get("/v1/auth/verify-email?token=" + token, null);
        assertThat(verified.status()).isEqualTo(HttpStatus.OK);
        assertThat(json(verified).get("emailVerified").asBoolean()).isTrue();

        final JsonNode tokens = json(edge.post("/v1/auth/login",
                                               "{\"email\":\"" + email + "\",\"password\":\"silk and cotton\"}",
                                               null)).get("tokens");
        final String access = tokens.get("accessToken").asText();
        final AggregatedHttpResponse me = edge.get("/v1/users/me", access);
        assertThat(me.status()).isEqualTo(HttpStatus.OK);
        assertThat(json(me).get("email").asText()).isEqualTo(email);

        final String firstRefresh = tokens.get("refreshToken").asText();
        final AggregatedHttpResponse refreshed = edge.post("/v1/auth/refresh",
                                                           "{\"refreshToken\":\"" + firstRefresh + "\"}", null);
        assertThat(refreshed.status()).isEqualTo(HttpStatus.OK);
        final AggregatedHttpResponse reused = edge.post("/v1/auth/refresh",
                                                        "{\"refreshToken\":\"" + firstRefresh + "\"}", null);
        assertThat(reused.status()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(json(reused).get("code").asText()).isEqualTo("UNAUTHENTICATED");
        assertThat(json(reused).get("reason").asText()).isEqualTo("REFRESH_TOKEN_REUSED");
    }

    @Test
    void badInput_is400WithFieldViolations_andChangesNothing() {
        final String email = "bad-" + UUID.randomUUID() + "@example.com";
        final AggregatedHttpResponse response = edge.post(
                "/v1/auth/register", "{\"email\":\"" + email + "\",\"password\":\"short\",\"displayName\":\"A\"}",
                null);

        assertThat(response.status()).isEqualTo(HttpStatus.BAD_REQUEST);
        final JsonNode body = json(response);
        assertThat(body.get("code").asText()).isEqualTo("INVALID_ARGUMENT");
        assertThat(body.get("details").get("fieldViolations").get(0).get("field").asText()).isEqualTo("password");
        assertThat(body.get("message").asText()).contains("password");
        final AggregatedHttpResponse login = edge.post("/v1/auth/login",
                                                       "{\"email\":\"" + email + "\",\"password\":\"short\"}", null);
        assertThat(login.status()).isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void malformedJson_is400InTheSameShape() {
        final AggregatedHttpResponse response = edge.post("/v1/auth/register", "{\"email\": ", null);
        assertThat(response.status()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(json(response).has("code")).isTrue();
        assertThat(response.contentUtf8()).doesNotContain("Exception").doesNotContain("at com.");
    }

    @Test
    void signedInRoute_withoutToken_is401Json() {
        final AggregatedHttpResponse response = edge.get("/v1/users/me", null);
        assertThat(response.status()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(json(response).get("reason").asText()).isEqualTo("SIGN_IN_REQUIRED");
    }

    @Test
    void unknownRoute_is404Json() {
        final AggregatedHttpResponse response = edge.get("/v1/no/such/thing", null);
        assertThat(response.status()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(json(response).get("code").asText()).isEqualTo("NOT_FOUND");
        assertThat(json(response).get("reason").asText()).isEqualTo("ROUTE_NOT_FOUND");
    }

    @Test
    void oversizedBody_is413Json() {
        final String big = "x".repeat(70 * 1024);
        final AggregatedHttpResponse response = edge.post("/v1/auth/register",
                                                          "{\"email\":\"" + big + "\"}", null);
        assertThat(response.status()).isEqualTo(HttpStatus.REQUEST_ENTITY_TOO_LARGE);
        assertThat(json(response).get("code").asText()).isEqualTo("INVALID_ARGUMENT");
        assertThat(json(response).get("reason").asText()).isEqualTo("REQUEST_TOO_LARGE");
    }

    @Test
    void everyResponse_carriesSecurityHeadersAndARequestId() {
        final AggregatedHttpResponse response = edge.get("/v1/auth/jwks", null);
        assertThat(response.status()).isEqualTo(HttpStatus.OK);
        assertThat(response.headers().get("x-content-type-options")).isEqualTo("nosniff");
        assertThat(response.headers().get("x-frame-options")).isEqualTo("DENY");
        assertThat(response.headers().get("content-security-policy")).contains("default-src 'none'");
        assertThat(response.headers().get("x-request-id")).isNotBlank();
        assertThat(json(response).get("keys").get(0).get("kty").asText()).isEqualTo("EC");
    }

    @Test
    void docsHealthAndMetrics_answer() {
        final AggregatedHttpResponse docs = edge.get("/docs/", null);
        assertThat(docs.status()).isEqualTo(HttpStatus.OK);
        // The docs page runs scripts: its policy replaces the API's, rather than joining it.
        assertThat(docs.headers().getAll("content-security-policy")).singleElement().asString()
                                                                    .contains("script-src 'self'");
        final AggregatedHttpResponse specification = edge.get("/docs/specification.json", null);
        assertThat(specification.status()).as(specification.contentUtf8()).isEqualTo(HttpStatus.OK);
        assertThat(specification.contentUtf8()).contains("tradeloom.catalog.v1.ImageService", "UploadImage");
        assertThat(edge.get("/internal/health", null).status()).isEqualTo(HttpStatus.OK);
        final AggregatedHttpResponse metrics = edge.get("/internal/metrics", null);
        assertThat(metrics.status()).isEqualTo(HttpStatus.OK);
        assertThat(metrics.contentUtf8()).contains("# TYPE");
    }
}
