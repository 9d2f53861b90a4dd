package dev.tradeloom.bff;

import static dev.tradeloom.bff.EdgeTesting.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;

import dev.tradeloom.tenant.TenantCoreTesting;

/** Client mistakes in REST input are 400s that name the field and what it accepts. */
class EdgeBadInputTest {
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
    void unknownEnumInQuery_is400NamingTheParameterAndTheAllowedValues() {
        final JsonNode violation = refused(edge.get("/v1/companies:search?kind=NOT_A_KIND", null), "kind");
        assertThat(violation.get("description").asText())
                .contains("'NOT_A_KIND'", "TenantKind", "TENANT_KIND_SUPPLIER", "TENANT_KIND_BUYER",
                          "TENANT_KIND_BOTH");
    }

    @Test
    void knownEnumNameOrNumberInQuery_stillWorks() {
        assertThat(edge.get("/v1/companies:search?kind=TENANT_KIND_SUPPLIER", null).status())
                .isEqualTo(HttpStatus.OK);
        assertThat(edge.get("/v1/companies:search?kind=2", null).status()).isEqualTo(HttpStatus.OK);
    }

    @Test
    void emptyEnumInQuery_isTheUnspecifiedValue() {
        assertThat(edge.get("/v1/companies:search?query=silk&kind=&city=", null).status())
                .isEqualTo(HttpStatus.OK);
    }

    @Test
    void wrongScalarInQuery_is400NamingTheParameter() {
        // By its proto name, whichever name the query used, as the core services name fields.
        assertThat(refused(edge.get("/v1/companies:search?pageSize=abc", null), "page_size")
                           .get("description").asText())
                .contains("'abc'", "whole number");
        assertThat(refused(edge.get("/v1/companies:search?page_size=99999999999", null), "page_size")
                           .get("description").asText())
                .contains("out of range");
    }

    @Test
    void numbersWithHugeExponentsOrDigitCounts_are400AtOnce() {
        assertThat(refused(edge.get("/v1/companies:search?page_size=1e500000000", null), "page_size")
                           .get("description").asText())
                .contains("not a whole number");
        assertThat(refused(edge.get("/v1/companies:search?page_size=1" + "0".repeat(5_000), null), "page_size")
                           .get("description").asText())
                .contains("not a whole number");
        assertThat(refused(edge.get("/v1/companies:search?page_size=2.5", null), "page_size")
                           .get("description").asText())
                .contains("not a whole number");
        assertThat(edge.get("/v1/companies:search?page_size=20", null).status()).isEqualTo(HttpStatus.OK);
    }

    @Test
    void wholeNumbersInQuery_areWrittenPlainly() {
        // A JSON body may say 1.0 or 1e1 for a whole number; a query parameter is parsed as digits only.
        for (String text : new String[] {"1.0", "1e1", "0x10", " 5"}) {
            assertThat(refused(edge.get("/v1/companies:search?page_size=" + text.replace(" ", "%20"), null),
                               "page_size").get("description").asText())
                    .as(text).contains("whole number");
        }
    }

    @Test
    void unknownQueryParameters_areStillIgnored() {
        assertThat(edge.get("/v1/companies:search?utm_source=mail", null).status()).isEqualTo(HttpStatus.OK);
    }

    @Test
    void unknownEnumInBody_is400NamingTheField() {
        final String token = edge.tenantCore.signUp(TenantCoreTesting.newEmail("enum"));
        final AggregatedHttpResponse response = edge.post(
                "/v1/tenants", "{\"slug\":\"bad-kind\",\"name\":\"Bad Kind\",\"kind\":\"NOT_A_KIND\"}", token);
        assertThat(refused(response, "tenant.kind").get("description").asText())
                .contains("'NOT_A_KIND'", "TENANT_KIND_SUPPLIER");
    }

    @Test
    void malformedJson_is400SayingWhere() {
        final JsonNode violation = refused(edge.post("/v1/auth/register", "{\"email\":\"a@b.example\"", null),
                                           "body");
        assertThat(violation.get("description").asText()).startsWith("not valid JSON").contains("line 1");
    }

    @Test
    void bodyThatIsNotJson_is415_insteadOfBeingReadAsEmpty() {
        final AggregatedHttpResponse response = edge.http.execute(
                RequestHeaders.builder(HttpMethod.POST, "/v1/auth/login").contentType(MediaType.FORM_DATA).build(),
                "email=a%40b.example&password=secret");
        assertThat(response.status()).isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
        assertThat(json(response).get("message").asText())
                .contains("application/x-www-form-urlencoded", "expected: application/json");
    }

    @Test
    void bodyOfTheWrongShape_is400() {
        assertThat(refused(edge.post("/v1/auth/register", "[1,2]", null), "body").get("description").asText())
                .isEqualTo("expected a JSON object");
        assertThat(refused(edge.post("/v1/auth/register", "{\"email\":{\"x\":1}}", null), "email")
                           .get("description").asText())
                .isEqualTo("expected a string, got an object");
    }

    @Test
    void aFieldSentByItsJsonName_isNamedByItsProtoName_asTheServicesNameFields() {
        assertThat(refused(edge.post("/v1/auth/register", "{\"displayName\":[\"Ravi\"]}", null), "display_name")
                           .get("description").asText())
                .isEqualTo("expected a string, got an array");
        // The service's own check of the same field, for comparison: one name for it either way.
        assertThat(refused(edge.post("/v1/auth/register", "{\"email\":\"ravi@example.com\",\"password\":"
                                                          + "\"handloom cotton weave\",\"displayName\":\" \"}", null),
                           "display_name").get("description").asText()).isNotEmpty();
    }

    @Test
    void nulCharacterInBody_is400NamingTheFieldAndCreatesNothing() {
        final String token = edge.tenantCore.signUp(TenantCoreTesting.newEmail("nul"));
        final String slug = "nul-" + Long.toHexString(System.nanoTime());
        final AggregatedHttpResponse response = edge.post(
                "/v1/tenants", "{\"slug\":\"" + slug + "\",\"name\":\"Nul\\u0000Mills\",\"kind\":\"TENANT_KIND_SUPPLIER\"}",
                token);
        assertThat(refused(response, "tenant.name").get("description").asText()).contains("U+0000");
        assertThat(edge.post("/v1/tenants", "{\"slug\":\"" + slug + "\",\"name\":\"Nul Mills\","
                                            + "\"kind\":\"TENANT_KIND_SUPPLIER\"}", token).status())
                .isEqualTo(HttpStatus.OK);
    }

    @Test
    void bodyThatIsNotUtf8_is400_insteadOfStoringReplacementCharacters() {
        final String token = edge.tenantCore.signUp(TenantCoreTesting.newEmail("utf8"));
        final byte[] body = "{\"slug\":\"bad-bytes\",\"name\":\"Bad \u00ff Mills\",\"kind\":\"TENANT_KIND_SUPPLIER\"}"
                .getBytes(StandardCharsets.ISO_8859_1);
        assertThat(refused(edge.postBytes("/v1/tenants", body, MediaType.JSON, token), "body")
                           .get("description").asText()).contains("not valid UTF-8");
    }

    @Test
    void loneSurrogateInAString_is400NamingTheField() {
        final String token = edge.tenantCore.signUp(TenantCoreTesting.newEmail("surrogate"));
        final AggregatedHttpResponse response = edge.post(
                "/v1/tenants", "{\"slug\":\"lone-half\",\"name\":\"Lone \\ud800 Mills\",\"kind\":\"TENANT_KIND_SUPPLIER\"}",
                token);
        assertThat(refused(response, "tenant.name").get("description").asText()).contains("surrogate");
    }

    @Test
    void malformedPath_is400InTheErrorShape_withTheSecurityHeaders() throws Exception {
        // The JDK's client sends the URL as written.
        final HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(edge.uri() + "/v1/companies:search?query=silk%00")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json; charset=utf-8");
        assertThat(response.headers().firstValue("x-content-type-options")).hasValue("nosniff");
        final JsonNode body = new ObjectMapper().readTree(response.body());
        assertThat(body.get("code").asText()).isEqualTo("INVALID_ARGUMENT");
        assertThat(body.get("reason").asText()).isEqualTo("INVALID_PATH");
        assertThat(body.get("message").asText()).contains("control characters (%00 to %1F)");
    }

    private static JsonNode refused(AggregatedHttpResponse response, String field) {
        assertThat(response.status()).as(response.contentUtf8()).isEqualTo(HttpStatus.BAD_REQUEST);
        final JsonNode body = json(response);
        assertThat(body.get("code").asText()).isEqualTo("INVALID_ARGUMENT");
        assertThat(body.get("message").asText()).startsWith(field + ": ");
        final JsonNode violations = body.get("details").get("fieldViolations");
        assertThat(violations).hasSize(1);
        assertThat(violations.get(0).get("field").asText()).isEqualTo(field);
        return violations.get(0);
    }
}
