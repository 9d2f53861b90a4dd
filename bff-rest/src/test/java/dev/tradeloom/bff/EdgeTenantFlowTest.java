package dev.tradeloom.bff;

import static dev.tradeloom.bff.EdgeTesting.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;

import dev.tradeloom.tenant.TenantCoreTesting;
import dev.tradeloom.tenant.domain.Totp;

/** Tenants, teams, search, second factor and password reset, all over REST through the edge. */
class EdgeTenantFlowTest {
    private static final String OPERATOR = TenantCoreTesting.newEmail("operator");
    private static EdgeTesting edge;

    @BeforeAll
    static void start() {
        edge = EdgeTesting.withPlatformAdmins(OPERATOR);
    }

    @AfterAll
    static void stop() {
        edge.close();
    }

    @Test
    void tenantCrud_staleEtagIs409_otherRolesGet403_andSearchFindsIt() {
        final String owner = edge.tenantCore.signUp(TenantCoreTesting.newEmail("owner"));
        final String slug = "kanchi-" + UUID.randomUUID().toString().substring(0, 8);
        final AggregatedHttpResponse created = edge.post("/v1/tenants", """
                {"slug":"%s","name":"Kanchi Silk Weavers %s","kind":"TENANT_KIND_SUPPLIER","category":"Silk sarees",
                 "address":{"city":"Kanchipuram","country":"IN"}}""".formatted(slug, slug), owner);
        assertThat(created.status()).isEqualTo(HttpStatus.OK);
        final String id = json(created).get("id").asText();
        final String etag = json(created).get("etag").asText();

        final AggregatedHttpResponse updated = patch("/v1/tenants/" + id + "?updateMask=description",
                                                     "{\"description\":\"Temple borders\",\"etag\":\"" + etag + "\"}",
                                                     owner);
        assertThat(updated.status()).isEqualTo(HttpStatus.OK);
        assertThat(json(updated).get("description").asText()).isEqualTo("Temple borders");

        final AggregatedHttpResponse stale = patch("/v1/tenants/" + id + "?updateMask=description",
                                                   "{\"description\":\"Lost update\",\"etag\":\"" + etag + "\"}", owner);
        assertThat(stale.status()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(json(stale).get("reason").asText()).isEqualTo("ETAG_MISMATCH");

        final String stranger = edge.tenantCore.signUp(TenantCoreTesting.newEmail("stranger"));
        final AggregatedHttpResponse forbidden = patch("/v1/tenants/" + id + "?updateMask=name",
                                                       "{\"name\":\"Mine now\"}", stranger);
        assertThat(forbidden.status()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(json(forbidden).get("reason").asText()).isEqualTo("MISSING_PERMISSION");
        assertThat(edge.get("/v1/tenants/" + id + "/members", stranger).status()).isEqualTo(HttpStatus.FORBIDDEN);

        final JsonNode results = json(edge.get("/v1/companies:search?query=kanchi%20silk&city=Kanchipuram", null))
                .get("results");
        assertThat(results.findValuesAsText("slug")).contains(slug);

        final AggregatedHttpResponse deleted = edge.http.execute(
                RequestHeaders.builder(HttpMethod.DELETE, "/v1/tenants/" + id).add("authorization", "Bearer " + owner)
                              .build());
        assertThat(deleted.status()).isEqualTo(HttpStatus.OK);
        assertThat(edge.get("/v1/tenants/" + id, null).status()).isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void operatorsSuspendAndReactivateTenants_overRest_andOthersGet403() {
        final String operator = edge.tenantCore.signUp(OPERATOR);
        final String owner = edge.tenantCore.signUp(TenantCoreTesting.newEmail("owner"));
        final String slug = "suspect-" + UUID.randomUUID().toString().substring(0, 8);
        final String id = json(edge.post("/v1/tenants", """
                {"slug":"%s","name":"Suspect Silks","kind":"TENANT_KIND_SUPPLIER"}""".formatted(slug), owner))
                .get("id").asText();
        final String suspend = "/v1/tenants/" + id + ":suspend";

        final AggregatedHttpResponse byOwner = edge.post(suspend, "{\"reason\":\"Rivals\"}", owner);
        assertThat(byOwner.status()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(json(byOwner).get("reason").asText()).isEqualTo("PLATFORM_ADMIN_REQUIRED");
        final AggregatedHttpResponse blank = edge.post(suspend, "{\"reason\":\"  \"}", operator);
        assertThat(blank.status()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(json(blank).at("/details/fieldViolations/0/field").asText()).isEqualTo("reason");

        final AggregatedHttpResponse suspended = edge.post(suspend, "{\"reason\":\"Counterfeit listings\"}",
                                                           operator);
        assertThat(suspended.status()).isEqualTo(HttpStatus.OK);
        assertThat(json(suspended).get("status").asText()).isEqualTo("TENANT_STATUS_SUSPENDED");
        assertThat(json(suspended).get("suspensionReason").asText()).isEqualTo("Counterfeit listings");
        assertThat(edge.get("/v1/tenants/" + id, null).status()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(json(edge.get("/v1/tenants/" + id, owner)).get("suspensionReason").asText())
                .isEqualTo("Counterfeit listings");

        final String reactivate = "/v1/tenants/" + id + ":reactivate";
        final AggregatedHttpResponse stale = edge.post(reactivate, "{\"etag\":\"1\"}", operator);
        assertThat(stale.status()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(json(stale).get("reason").asText()).isEqualTo("ETAG_MISMATCH");
        final AggregatedHttpResponse reactivated = edge.post(
                reactivate, "{\"etag\":\"" + json(suspended).get("etag").asText() + "\"}", operator);
        assertThat(reactivated.status()).isEqualTo(HttpStatus.OK);
        assertThat(json(reactivated).get("status").asText()).isEqualTo("TENANT_STATUS_ACTIVE");
        assertThat(json(reactivated).path("suspensionReason").asText()).isEmpty();
        assertThat(edge.get("/v1/tenants/" + id, null).status()).isEqualTo(HttpStatus.OK);
    }

    @Test
    void conditionalRequests_readsCarryETag_writesTakeIfMatch_andAStaleOneIs412() {
        final String owner = edge.tenantCore.signUp(TenantCoreTesting.newEmail("conditional"));
        final String slug = "ilkal-" + UUID.randomUUID().toString().substring(0, 8);
        final AggregatedHttpResponse created = edge.post("/v1/tenants", """
                {"slug":"%s","name":"Ilkal Looms","kind":"TENANT_KIND_SUPPLIER"}""".formatted(slug), owner);
        final String id = json(created).get("id").asText();
        final String first = '"' + json(created).get("etag").asText() + '"';
        assertThat(created.headers().get("etag")).isEqualTo(first);
        assertThat(edge.get("/v1/tenants/" + id, owner).headers().get("etag")).isEqualTo(first);

        final AggregatedHttpResponse updated = patch("/v1/tenants/" + id + "?updateMask=description",
                                                     "{\"description\":\"Chikki borders\"}", owner, first);
        assertThat(updated.status()).isEqualTo(HttpStatus.OK);
        final String second = updated.headers().get("etag");
        assertThat(second).isEqualTo('"' + json(updated).get("etag").asText() + '"').isNotEqualTo(first);

        final AggregatedHttpResponse stale = patch("/v1/tenants/" + id + "?updateMask=description",
                                                   "{\"description\":\"Lost update\"}", owner, first);
        assertThat(stale.status()).isEqualTo(HttpStatus.PRECONDITION_FAILED);
        assertThat(json(stale).get("reason").asText()).isEqualTo("ETAG_MISMATCH");

        final AggregatedHttpResponse disagreeing = patch(
                "/v1/tenants/" + id + "?updateMask=description",
                "{\"description\":\"Which one\",\"etag\":\"" + json(created).get("etag").asText() + "\"}", owner, second);
        assertThat(disagreeing.status()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(json(disagreeing).at("/details/fieldViolations/0/field").asText()).isEqualTo("If-Match");
        for (String malformed : new String[] { "W/" + second, second + ", " + first, "\"\"" }) {
            assertThat(patch("/v1/tenants/" + id + "?updateMask=description", "{\"description\":\"x\"}", owner,
                             malformed).status()).as(malformed).isEqualTo(HttpStatus.BAD_REQUEST);
        }
        assertThat(edge.get("/v1/tenants/" + id, owner).headers().get("etag")).as("refusals changed nothing")
                                                                          .isEqualTo(second);

        assertThat(delete("/v1/tenants/" + id, owner, first).status()).isEqualTo(HttpStatus.PRECONDITION_FAILED);
        assertThat(patch("/v1/tenants/" + id + "?updateMask=description", "{\"description\":\"Any\"}", owner, "*")
                           .status()).isEqualTo(HttpStatus.OK);
        final String third = edge.get("/v1/tenants/" + id, owner).headers().get("etag");
        assertThat(delete("/v1/tenants/" + id, owner, third).status()).isEqualTo(HttpStatus.OK);
        assertThat(edge.get("/v1/tenants/" + id, null).status()).isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void clientMistakes_areAll4xx_neverA500() {
        final String token = edge.tenantCore.signUp(TenantCoreTesting.newEmail("careless"));
        final String[][] mistakes = {
                { "GET", "/v1/tenants/not-a-uuid", "" },
                { "GET", "/v1/companies:search?pageSize=-5", "" },
                { "GET", "/v1/companies:search?pageToken=%25%25not-ours", "" },
                { "POST", "/v1/tenants", "{\"slug\":\"x\"}" },
                { "POST", "/v1/tenants", "[1,2,3]" },
                { "PATCH", "/v1/tenants/" + UUID.randomUUID() + "?updateMask=nope", "{\"name\":\"x\"}" },
                { "DELETE", "/v1/users/me/sessions/not-a-uuid", "" },
                { "POST", "/v1/invitations:accept", "{\"token\":\"garbage\"}" },
                { "POST", "/v1/auth/login:second-factor", "{\"secondFactorToken\":\"x\",\"code\":\"123456\"}" },
        };
        for (String[] m : mistakes) {
            final RequestHeaders headers = RequestHeaders.builder(HttpMethod.valueOf(m[0]), m[1])
                                                         .contentType(MediaType.JSON_UTF_8)
                                                         .add("authorization", "Bearer " + token).build();
            final AggregatedHttpResponse response = edge.http.execute(headers, m[2]);
            assertThat(response.status().code()).as("%s %s -> %s", m[0], m[1], response.contentUtf8())
                                                 .isBetween(400, 499);
            assertThat(json(response).get("code").asText()).isNotEmpty();
        }
    }

    @Test
    void secondFactor_andPasswordReset_overRest() {
        final String email = TenantCoreTesting.newEmail("guarded");
        final String token = edge.tenantCore.signUp(email);

        final JsonNode enrollment = json(edge.post("/v1/users/me/totp:begin", "{}", token));
        final String secret = enrollment.get("secret").asText();
        final AggregatedHttpResponse confirmed = edge.post(
                // The previous step's code, still valid: it is used up, and the sign-in below sends the current one.
                "/v1/users/me/totp:confirm", "{\"code\":\"" + TenantCoreTesting.enrolmentCode(secret)
                                             + "\",\"password\":\"" + TenantCoreTesting.PASSWORD + "\"}", token);
        assertThat(json(confirmed).get("recoveryCodes")).hasSize(10);

        final String login = "{\"email\":\"" + email + "\",\"password\":\"" + TenantCoreTesting.PASSWORD + "\"}";
        final JsonNode challenged = json(edge.post("/v1/auth/login", login, null));
        assertThat(challenged.has("tokens")).isFalse();
        final AggregatedHttpResponse completed = edge.post("/v1/auth/login:second-factor",
                "{\"secondFactorToken\":\"" + challenged.get("secondFactorToken").asText() + "\",\"code\":\""
                + Totp.codeAt(secret, Instant.now()) + "\"}", null);
        assertThat(completed.status()).isEqualTo(HttpStatus.OK);
        assertThat(json(completed).get("accessToken").asText()).isNotEmpty();

        assertThat(edge.post("/v1/auth/password-reset", "{\"email\":\"" + email + "\"}", null).status())
                .isEqualTo(HttpStatus.OK);
        final String resetToken = edge.tenantCore.mail.last("reset", email);
        assertThat(edge.post("/v1/auth/password-reset:confirm",
                             "{\"token\":\"" + resetToken + "\",\"newPassword\":\"a brand new secret\"}", null)
                       .status()).isEqualTo(HttpStatus.OK);
        final AggregatedHttpResponse reused = edge.post("/v1/auth/password-reset:confirm",
                "{\"token\":\"" + resetToken + "\",\"newPassword\":\"yet another secret\"}", null);
        assertThat(reused.status()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(json(reused).get("reason").asText()).isEqualTo("TOKEN_INVALID");
        assertThat(edge.post("/v1/auth/login", login, null).status()).isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    private static AggregatedHttpResponse patch(String path, String json, String token) {
        return edge.http.execute(RequestHeaders.builder(HttpMethod.PATCH, path).contentType(MediaType.JSON_UTF_8)
                                               .add("authorization", "Bearer " + token).build(), json);
    }

    private static AggregatedHttpResponse patch(String path, String json, String token, String ifMatch) {
        return edge.http.execute(RequestHeaders.builder(HttpMethod.PATCH, path).contentType(MediaType.JSON_UTF_8)
                                               .add("authorization", "Bearer " + token).add("if-match", ifMatch)
                                               .build(), json);
    }

    private static AggregatedHttpResponse delete(String path, String token, String ifMatch) {
        return edge.http.execute(RequestHeaders.builder(HttpMethod.DELETE, path).add("authorization", "Bearer " + token)
                                               .add("if-match", ifMatch).build());
    }
}
