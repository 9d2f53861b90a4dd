package dev.tradeloom.bff;

import static dev.tradeloom.bff.EdgeTesting.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
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

import dev.tradeloom.api.v1.Role;
import dev.tradeloom.enquiry.EnquiryCoreTesting;
import dev.tradeloom.enquiry.EnquiryCoreTesting.Team;
import dev.tradeloom.enquiry.domain.GuestLimits;
import dev.tradeloom.platform.testing.Eventually;
import dev.tradeloom.tenant.TenantCoreTesting;
import dev.tradeloom.tenant.v1.TenantKind;

/** Enquiries over REST through the edge: buyers, guests and the supplier's inbox. */
class EdgeEnquiryFlowTest {
    private static TenantCoreTesting tenantCore;
    private static EnquiryCoreTesting enquiryCore;
    private static EdgeTesting edge;

    @BeforeAll
    static void start() {
        tenantCore = new TenantCoreTesting();
        enquiryCore = new EnquiryCoreTesting(tenantCore, new GuestLimits(2, 50));
        edge = new EdgeTesting(tenantCore, enquiryCore.uri(), false, EdgeTesting.generousLimits());
    }

    @AfterAll
    static void stop() {
        edge.close();
        enquiryCore.close();
        tenantCore.close();
    }

    @Test
    void buyerSends_supplierWorksTheInbox_buyerSeesTheStatusButNotTheNotes() {
        final Team team = enquiryCore.supplier("Varanasi Brocades", TenantKind.TENANT_KIND_SUPPLIER);
        final String notify = TenantCoreTesting.newEmail("inbox");
        final AggregatedHttpResponse settings = patch(
                "/v1/tenants/" + team.tenantId() + "/notificationSettings",
                "{\"notificationEmails\":[\"" + notify + "\"],\"language\":\"NOTIFICATION_LANGUAGE_EN\"}",
                team.ownerToken());
        assertThat(settings.status()).as(settings.contentUtf8()).isEqualTo(HttpStatus.OK);

        final String buyer = enquiryCore.buyer();
        final AggregatedHttpResponse created = edge.post("/v1/tenants/" + team.tenantId() + "/enquiries", """
                {"message":"30 brocade sarees for a wedding order","quantity":"30","quantityUnit":"pieces",
                 "contact":{"name":"Anil","email":"anil@example.com"}}""", buyer);
        assertThat(created.status()).as(created.contentUtf8()).isEqualTo(HttpStatus.OK);
        final JsonNode enquiry = json(created);
        final String id = enquiry.get("id").asText();
        assertThat(enquiry.get("status").asText()).isEqualTo("ENQUIRY_STATUS_NEW");
        assertThat(enquiry.get("supplierName").asText()).isEqualTo(team.name());
        assertThat(enquiry.get("quantity").asText()).isEqualTo("30");

        final String inbox = "/v1/tenants/" + team.tenantId() + "/enquiries";
        final JsonNode listed = json(edge.get(inbox + "?status=ENQUIRY_STATUS_NEW&pageSize=10",
                                              team.ownerToken()));
        assertThat(listed.get("enquiries").get(0).get("id").asText()).isEqualTo(id);

        final String sales = enquiryCore.member(team, Role.ROLE_SALES);
        final AggregatedHttpResponse refused = edge.post(inbox + "/" + id + ":updateStatus",
                                                         "{\"status\":\"ENQUIRY_STATUS_WON\"}", sales);
        assertThat(refused.status()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(json(refused).get("reason").asText()).isEqualTo("STATUS_TRANSITION_NOT_ALLOWED");
        assertThat(json(refused).get("message").asText()).contains("NEW cannot move to WON");

        final AggregatedHttpResponse contacted = edge.post(inbox + "/" + id + ":updateStatus",
                "{\"status\":\"ENQUIRY_STATUS_CONTACTED\",\"etag\":\"" + enquiry.get("etag").asText() + "\"}",
                sales);
        assertThat(contacted.status()).as(contacted.contentUtf8()).isEqualTo(HttpStatus.OK);
        final AggregatedHttpResponse stale = edge.post(inbox + "/" + id + ":updateStatus",
                "{\"status\":\"ENQUIRY_STATUS_QUOTED\",\"etag\":\"" + enquiry.get("etag").asText() + "\"}", sales);
        assertThat(stale.status()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(json(stale).get("reason").asText()).isEqualTo("ETAG_MISMATCH");

        final AggregatedHttpResponse note = edge.post(inbox + "/" + id + "/notes",
                                                      "{\"body\":\"Wants zari borders\"}", sales);
        assertThat(note.status()).as(note.contentUtf8()).isEqualTo(HttpStatus.OK);
        assertThat(json(edge.get(inbox + "/" + id + "/notes", team.ownerToken())).get("notes").get(0)
                           .get("body").asText()).isEqualTo("Wants zari borders");
        final AggregatedHttpResponse buyerNotes = edge.get(inbox + "/" + id + "/notes", buyer);
        assertThat(buyerNotes.status()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(json(buyerNotes).get("reason").asText()).isEqualTo("MISSING_PERMISSION");

        final AggregatedHttpResponse mine = edge.get("/v1/users/me/enquiries", buyer);
        assertThat(mine.status()).isEqualTo(HttpStatus.OK);
        final JsonNode seen = json(mine).get("enquiries").get(0);
        assertThat(seen.get("id").asText()).isEqualTo(id);
        assertThat(seen.get("status").asText()).isEqualTo("ENQUIRY_STATUS_CONTACTED");
        assertThat(mine.contentUtf8()).doesNotContain("zari");

        Eventually.await(Duration.ofSeconds(20), "supplier email", () -> tenantCore.mail.count(notify) == 1);
        assertThat(tenantCore.mail.newest(notify)[1]).contains("30 brocade sarees for a wedding order");
    }

    @Test
    void guest_needsNameAndEmail_andIsLimitedPerDay_with4xxAnswers() {
        final Team team = enquiryCore.supplier("Guest Friendly", TenantKind.TENANT_KIND_SUPPLIER);
        final String path = "/v1/tenants/" + team.tenantId() + "/enquiries";
        final AggregatedHttpResponse missing = edge.post(path, "{\"message\":\"hello\"}", null);
        assertThat(missing.status()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(missing.contentUtf8()).contains("enquiry.contact.email", "enquiry.contact.name");

        final String email = TenantCoreTesting.newEmail("guest");
        final String body = "{\"message\":\"price list please\",\"contact\":{\"name\":\"Guest\",\"email\":\""
                            + email + "\"}}";
        for (int i = 0; i < 2; i++) {
            final AggregatedHttpResponse ok = edge.post(path, body, null);
            assertThat(ok.status()).as(ok.contentUtf8()).isEqualTo(HttpStatus.OK);
            assertThat(json(ok).get("buyerUserId")).isNull();
        }
        final AggregatedHttpResponse limited = edge.post(path, body, null);
        assertThat(limited.status()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        assertThat(json(limited).get("reason").asText()).isEqualTo("GUEST_ENQUIRY_LIMIT");
        // The limit is of the UTC day: a retry can succeed from the next midnight.
        assertThat(Long.parseLong(limited.headers().get("retry-after"))).isBetween(1L, 24L * 60 * 60);
        assertThat(json(limited).get("message").asText()).contains("sign in to send more");
    }

    @Test
    void unknownSupplier_is404_andBadIds_are400() {
        final String buyer = enquiryCore.buyer();
        final AggregatedHttpResponse unknown = edge.post("/v1/tenants/" + UUID.randomUUID() + "/enquiries",
                                                         "{\"message\":\"anyone?\"}", buyer);
        assertThat(unknown.status()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(json(unknown).get("reason").asText()).isEqualTo("SUPPLIER_NOT_FOUND");
        final AggregatedHttpResponse bad = edge.get("/v1/tenants/not-a-uuid/enquiries", buyer);
        assertThat(bad.status()).isEqualTo(HttpStatus.BAD_REQUEST);
    }

    @Test
    void crmRoutes_areForwarded_andAServerWithoutSecretKeyRefusesToStoreSecrets() {
        final Team team = enquiryCore.supplier("Crm Less", TenantKind.TENANT_KIND_SUPPLIER);
        final String path = "/v1/tenants/" + team.tenantId() + "/crm/zoho";
        final AggregatedHttpResponse none = edge.get(path, team.ownerToken());
        assertThat(none.status()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(json(none).get("reason").asText()).isEqualTo("CRM_NOT_CONNECTED");
        final AggregatedHttpResponse refused = edge.http.execute(
                RequestHeaders.builder(HttpMethod.PUT, path).contentType(MediaType.JSON_UTF_8)
                              .add("authorization", "Bearer " + team.ownerToken()).build(),
                "{\"clientId\":\"1000.X\",\"clientSecret\":\"s\",\"refreshToken\":\"r\","
                + "\"dataCentre\":\"ZOHO_DATA_CENTRE_IN\"}");
        assertThat(refused.status()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(json(refused).get("reason").asText()).isEqualTo("CRM_DISABLED");
        final AggregatedHttpResponse failed = edge.get("/v1/tenants/" + team.tenantId() + "/deliveries:failed",
                                                       team.ownerToken());
        assertThat(failed.status()).as(failed.contentUtf8()).isEqualTo(HttpStatus.OK);
        assertThat(failed.contentUtf8()).doesNotContain("deliveries\":[{");
    }

    private static AggregatedHttpResponse patch(String path, String json, String token) {
        return edge.http.execute(RequestHeaders.builder(HttpMethod.PATCH, path).contentType(MediaType.JSON_UTF_8)
                                               .add("authorization", "Bearer " + token).build(), json);
    }
}
