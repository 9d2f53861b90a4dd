package dev.tradeloom.enquiry.upstream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.tradeloom.enquiry.EnquiryCoreTesting.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;

import dev.tradeloom.api.v1.Role;
import dev.tradeloom.enquiry.EnquiryCoreTesting;
import dev.tradeloom.enquiry.EnquiryCoreTesting.Team;
import dev.tradeloom.enquiry.domain.GuestLimits;
import dev.tradeloom.enquiry.v1.ConnectZohoRequest;
import dev.tradeloom.enquiry.v1.CreateEnquiryRequest;
import dev.tradeloom.enquiry.v1.CrmServiceGrpc.CrmServiceBlockingStub;
import dev.tradeloom.enquiry.v1.DisconnectZohoRequest;
import dev.tradeloom.enquiry.v1.Enquiry;
import dev.tradeloom.enquiry.v1.EnquiryContact;
import dev.tradeloom.enquiry.v1.EnquiryServiceGrpc.EnquiryServiceBlockingStub;
import dev.tradeloom.enquiry.v1.EnquiryStatus;
import dev.tradeloom.enquiry.v1.FailedDelivery;
import dev.tradeloom.enquiry.v1.GetEnquiryRequest;
import dev.tradeloom.enquiry.v1.GetZohoConnectionRequest;
import dev.tradeloom.enquiry.v1.ListAllFailedDeliveriesRequest;
import dev.tradeloom.enquiry.v1.ListFailedDeliveriesRequest;
import dev.tradeloom.enquiry.v1.RetryDeliveryRequest;
import dev.tradeloom.enquiry.v1.UpdateEnquiryStatusRequest;
import dev.tradeloom.enquiry.v1.ZohoConnection;
import dev.tradeloom.enquiry.v1.ZohoDataCentre;
import dev.tradeloom.platform.db.Scope;
import dev.tradeloom.platform.db.Transactor;
import dev.tradeloom.platform.testing.Eventually;
import dev.tradeloom.tenant.TenantCoreTesting;
import dev.tradeloom.tenant.v1.TenantKind;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * The Zoho CRM push through the outbox against a fake Zoho speaking the documented shapes: token
 * refresh, upsert on the external-id field, 201, 207 and 400 row errors, 401, 429 and 503.
 */
class ZohoPusherTest {
    private static final String UPSERT = "/crm/v8/Leads/upsert";
    private static final String TOKEN = "/oauth/v2/token";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final WireMockServer zoho = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    /** The tenants the running test connected with {@link #connect()}. */
    private static final List<Team> connected = new ArrayList<>();
    private static EnquiryCoreTesting ec;

    @BeforeAll
    static void start() {
        zoho.start();
        ec = new EnquiryCoreTesting(new GuestLimits(100, 100), zoho.baseUrl());
    }

    @AfterAll
    static void stop() {
        ec.close();
        zoho.stop();
    }

    @BeforeEach
    void reset() {
        zoho.resetAll();
    }

    /**
     * Disconnects the tenants the test connected, and waits until none of their pushes is running: one left
     * waiting out a Retry-After (a minute, in some tests) would otherwise call the fake Zoho during whichever
     * test runs then, and upset its counts of calls or move its scenarios on. A push of a tenant with no
     * connection ends without calling Zoho.
     */
    @AfterEach
    void disconnect() {
        for (Team team : connected) {
            try {
                ec.client(CrmServiceBlockingStub.class, team.ownerToken()).disconnectZoho(
                        DisconnectZohoRequest.newBuilder().setTenantId(team.tenantId()).build());
            } catch (StatusRuntimeException e) {
                assertStatus(e, Status.Code.NOT_FOUND, "CRM_NOT_CONNECTED"); // The test disconnected it.
            }
            Eventually.await(Duration.ofSeconds(30), "no CRM push of " + team.tenantId() + " running",
                             () -> ec.app.database().jdbi().withHandle(h -> h.createQuery("""
                                     select count(*) from jobs where queue = 'crm' and state = 'running'
                                        and tenant_id = cast(:t as uuid)""")
                                     .bind("t", team.tenantId()).mapTo(Long.class).one()) == 0);
        }
        connected.clear();
    }

    @Test
    void created201_storesTheLeadId_upsertsOnTheEnquiryId_andReusesTheCachedToken() {
        final Connected c = connect();
        tokens(c.clientId, "tok-1");
        zoho.stubFor(post(urlEqualTo(UPSERT)).withHeader("Authorization", equalTo("Zoho-oauthtoken tok-1"))
                                             .willReturn(created("5725767000000524001")));

        final Enquiry first = send(c.team, "Meera Devi Sharma", "200 bedsheets");
        final Enquiry second = send(c.team, "Ravi", "50 towels");
        assertThat(awaitLead(c.team, first)).isEqualTo("5725767000000524001");
        assertThat(awaitLead(c.team, second)).isEqualTo("5725767000000524001");

        zoho.verify(1, postRequestedFor(urlEqualTo(TOKEN)));
        zoho.verify(postRequestedFor(urlEqualTo(TOKEN))
                            .withRequestBody(containing("grant_type=refresh_token"))
                            .withRequestBody(containing("client_id=" + c.clientId))
                            .withRequestBody(containing("client_secret=s3cret%2Fvalue"))
                            .withRequestBody(containing("refresh_token=1000.refresh.token")));
        zoho.verify(postRequestedFor(urlEqualTo(UPSERT))
                            .withRequestBody(matchingJsonPath("$.data[0].Tradeloom_Enquiry_Id",
                                                              equalTo(first.getId())))
                            .withRequestBody(matchingJsonPath("$.data[0].Last_Name", equalTo("Sharma")))
                            .withRequestBody(matchingJsonPath("$.data[0].First_Name", equalTo("Meera Devi")))
                            .withRequestBody(matchingJsonPath("$.data[0].Email", equalTo("buyer@example.com")))
                            .withRequestBody(matchingJsonPath("$.data[0].Description",
                                                              containing("200 bedsheets")))
                            .withRequestBody(matchingJsonPath("$.duplicate_check_fields",
                                                              equalToJson("[\"Tradeloom_Enquiry_Id\"]")))
                            .withRequestBody(matchingJsonPath("$.trigger", equalToJson("[\"workflow\"]"))));
        // The buyer never sees the CRM link.
        assertThat(ec.client(EnquiryServiceBlockingStub.class, c.buyer)
                     .listMyEnquiries(dev.tradeloom.enquiry.v1.ListMyEnquiriesRequest.getDefaultInstance())
                     .getEnquiriesList()).allSatisfy(e -> assertThat(e.getCrm().getLeadId()).isEmpty());
    }

    @Test
    void storingTheLeadId_changesTheEnquirysEtag_soAWriteFromBeforeItIsAborted() {
        final Connected c = connect();
        tokens(c.clientId, "tok-etag");
        zoho.stubFor(post(urlEqualTo(UPSERT)).willReturn(created("5725767000000524777")));

        final Enquiry sent = send(c.team, "Meera", "100 dupattas");
        assertThat(sent.getEtag()).isEqualTo("1");
        assertThat(awaitLead(c.team, sent)).isEqualTo("5725767000000524777");

        // The supplier's view changed (it shows the lead now), so its etag must change too (AIP-154).
        final EnquiryServiceBlockingStub owner = ec.client(EnquiryServiceBlockingStub.class,
                                                           c.team.ownerToken());
        final Enquiry withLead = owner.getEnquiry(GetEnquiryRequest.newBuilder().setTenantId(c.team.tenantId())
                                                                   .setEnquiryId(sent.getId()).build());
        assertThat(withLead.getEtag()).isNotEqualTo(sent.getEtag());
        assertThatThrownBy(() -> owner.updateEnquiryStatus(UpdateEnquiryStatusRequest.newBuilder()
                .setTenantId(c.team.tenantId()).setEnquiryId(sent.getId())
                .setStatus(EnquiryStatus.ENQUIRY_STATUS_CONTACTED).setEtag(sent.getEtag()).build()))
                .satisfies(e -> assertStatus(e, Status.Code.ABORTED, "ETAG_MISMATCH"));
    }

    @Test
    void aLongName_isCutToZohosFieldLengthsOnWholeCharacters_andKeptWholeInTheDescription() throws Exception {
        final Connected c = connect();
        tokens(c.clientId, "tok-long-name");
        zoho.stubFor(post(urlEqualTo(UPSERT)).willReturn(createdPerRecord()));
        // Zoho's Leads take at most 40 characters of First_Name and 80 of Last_Name, and refuse the row
        // (INVALID_DATA) beyond them. The 40th and 80th characters here are each a surrogate pair.
        final String first40 = "Venkata Lakshmi Narasimha Subrahmanya R" + "\uD83E\uDDF5";
        final String last80 = "Kanchipuram-Silk-House-Of-Weavers-Cooperative-Society-Limited-Export-Divisions-"
                              + "\uD83E\uDDF6";
        final String name = first40 + " Iyer " + last80 + "-South";
        assertThat(first40.codePointCount(0, first40.length())).isEqualTo(40);
        assertThat(last80.codePointCount(0, last80.length())).isEqualTo(80);

        final Enquiry enquiry = send(c.team, name, "kanjivaram sarees");
        assertThat(awaitLead(c.team, enquiry)).isEqualTo("lead-" + enquiry.getId());
        final JsonNode lead = JSON.readTree(zoho.findAll(postRequestedFor(urlEqualTo(UPSERT))).get(0)
                                                .getBodyAsString()).path("data").path(0);
        assertThat(lead.path("First_Name").asText()).isEqualTo(first40);
        assertThat(lead.path("Last_Name").asText()).isEqualTo(last80);
        assertThat(lead.path("Description").asText()).contains("kanjivaram sarees", name);
    }

    @Test
    void anEmailLongerThanZohoTakes_isLeftOutOfTheEmailField_andGivenInTheDescription() throws Exception {
        final Connected c = connect();
        tokens(c.clientId, "tok-long-email");
        zoho.stubFor(post(urlEqualTo(UPSERT)).willReturn(createdPerRecord()));
        // Up to 254 characters is a valid address, but Zoho's Email takes at most 100 and refuses the row
        // (INVALID_DATA) beyond; cut, an address would reach someone else or no one.
        final String email = "a".repeat(64) + "@purchasing.kanchipuram-silk-weavers-cooperative.example.co.in";
        assertThat(email).hasSizeGreaterThan(100);

        final Enquiry enquiry = send(c.team, "Asha Iyer", "tussar silk", email);
        assertThat(awaitLead(c.team, enquiry)).isEqualTo("lead-" + enquiry.getId());
        final JsonNode lead = JSON.readTree(zoho.findAll(postRequestedFor(urlEqualTo(UPSERT))).get(0)
                                                .getBodyAsString()).path("data").path(0);
        assertThat(lead.has("Email")).as("Email in %s", lead).isFalse();
        assertThat(lead.path("Description").asText()).contains("tussar silk", email);
    }

    @Test
    void anEmailOfExactlyZohosLength_goesInTheEmailField() throws Exception {
        final Connected c = connect();
        tokens(c.clientId, "tok-100-email");
        zoho.stubFor(post(urlEqualTo(UPSERT)).willReturn(createdPerRecord()));
        final String email = "b".repeat(64) + "@sales.surat-textile-mart.example.in";
        assertThat(email).hasSize(100);

        final Enquiry enquiry = send(c.team, "Asha Iyer", "georgette", email);
        assertThat(awaitLead(c.team, enquiry)).isEqualTo("lead-" + enquiry.getId());
        final JsonNode lead = JSON.readTree(zoho.findAll(postRequestedFor(urlEqualTo(UPSERT))).get(0)
                                                .getBodyAsString()).path("data").path(0);
        assertThat(lead.path("Email").asText()).isEqualTo(email);
        assertThat(lead.path("Description").asText()).doesNotContain(email);
    }

    @Test
    void expiredToken401_refreshesOnce_andRetries() {
        final Connected c = connect();
        zoho.stubFor(post(urlEqualTo(TOKEN)).inScenario("tokens").whenScenarioStateIs(Scenario.STARTED)
                                            .withRequestBody(containing("client_id=" + c.clientId))
                                            .willReturn(token("tok-old")).willSetStateTo("second"));
        zoho.stubFor(post(urlEqualTo(TOKEN)).inScenario("tokens").whenScenarioStateIs("second")
                                            .withRequestBody(containing("client_id=" + c.clientId))
                                            .willReturn(token("tok-new")));
        zoho.stubFor(post(urlEqualTo(UPSERT)).withHeader("Authorization", equalTo("Zoho-oauthtoken tok-old"))
                                             .willReturn(json(401, """
                                                     {"code":"INVALID_TOKEN","details":{},
                                                      "message":"invalid oauth token","status":"error"}""")));
        zoho.stubFor(post(urlEqualTo(UPSERT)).withHeader("Authorization", equalTo("Zoho-oauthtoken tok-new"))
                                             .willReturn(created("900001")));

        assertThat(awaitLead(c.team, send(c.team, "Asha", "silk"))).isEqualTo("900001");
        zoho.verify(2, postRequestedFor(urlEqualTo(TOKEN)));
        zoho.verify(2, postRequestedFor(urlEqualTo(UPSERT)));
    }

    @Test
    void a401ForAFreshlyRefreshedToken_failsForGood_withZohosCode() {
        final Connected c = connect();
        tokens(c.clientId, "tok-scopeless");
        zoho.stubFor(post(urlEqualTo(UPSERT)).willReturn(json(401, """
                {"code":"OAUTH_SCOPE_MISMATCH","details":{},
                 "message":"invalid oauth scope to access this URL","status":"error"}""")));

        final Enquiry enquiry = send(c.team, "Asha", "organza");
        final FailedDelivery failed = awaitFailure(c.team);
        assertThat(failed.getSubject()).isEqualTo("crm_push:" + enquiry.getId());
        assertThat(failed.getReason()).contains("401", "OAUTH_SCOPE_MISMATCH", "reconnect");
        assertThat(failed.getAttempts()).isEqualTo(1);
        // The cached token, then one fresh token: no refresh storm while nothing can change.
        zoho.verify(2, postRequestedFor(urlEqualTo(TOKEN)));
        zoho.verify(2, postRequestedFor(urlEqualTo(UPSERT)));
    }

    @Test
    void rateLimited429_isRetriedWithBackoff_untilAccepted() {
        final Connected c = connect();
        tokens(c.clientId, "tok-429");
        zoho.stubFor(post(urlEqualTo(UPSERT)).inScenario("busy").whenScenarioStateIs(Scenario.STARTED)
                                             .willReturn(json(429, """
                                                     {"code":"TOO_MANY_REQUESTS","details":{},
                                                      "message":"too many requests","status":"error"}"""))
                                             .willSetStateTo("calm"));
        zoho.stubFor(post(urlEqualTo(UPSERT)).inScenario("busy").whenScenarioStateIs("calm")
                                             .willReturn(created("900429")));

        assertThat(awaitLead(c.team, send(c.team, "Asha", "cotton"))).isEqualTo("900429");
        zoho.verify(2, postRequestedFor(urlEqualTo(UPSERT)));
    }

    @Test
    void outage503_isRetried_andTheRetryUpsertsTheSameEnquiry() {
        final Connected c = connect();
        tokens(c.clientId, "tok-503");
        zoho.stubFor(post(urlEqualTo(UPSERT)).inScenario("outage").whenScenarioStateIs(Scenario.STARTED)
                                             .willReturn(aResponse().withStatus(503).withBody("upstream down"))
                                             .willSetStateTo("half"));
        zoho.stubFor(post(urlEqualTo(UPSERT)).inScenario("outage").whenScenarioStateIs("half")
                                             .willReturn(aResponse().withStatus(503))
                                             .willSetStateTo("up"));
        zoho.stubFor(post(urlEqualTo(UPSERT)).inScenario("outage").whenScenarioStateIs("up")
                                             .willReturn(created("900503")));

        final Enquiry enquiry = send(c.team, "Asha", "linen");
        assertThat(awaitLead(c.team, enquiry)).isEqualTo("900503");
        zoho.verify(3, postRequestedFor(urlEqualTo(UPSERT)).withRequestBody(
                matchingJsonPath("$.data[0].Tradeloom_Enquiry_Id", equalTo(enquiry.getId()))));
    }

    @Test
    void leads_goToTheApiDomainTheTokenNames_notToTheAccountsServer() {
        final WireMockServer api = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        api.start();
        try {
            final Connected c = connect();
            zoho.stubFor(post(urlEqualTo(TOKEN)).withRequestBody(containing("client_id=" + c.clientId))
                                                .willReturn(json(200, """
                                                        {"access_token":"tok-api","api_domain":"%s/",
                                                         "token_type":"Bearer","expires_in":3600}"""
                                                        .formatted(api.baseUrl()))));
            api.stubFor(post(urlEqualTo(UPSERT)).withHeader("Authorization", equalTo("Zoho-oauthtoken tok-api"))
                                                .willReturn(created("900777")));

            assertThat(awaitLead(c.team, send(c.team, "Asha", "chanderi"))).isEqualTo("900777");
            zoho.verify(0, postRequestedFor(urlEqualTo(UPSERT)));
        } finally {
            api.stop();
        }
    }

    @Test
    void anApiDomainOffZohosApiServers_failsForGood_andNeverGetsTheTokenOrTheLead() {
        // The fake accounts server is http://localhost:<port> (ZOHO_ACCOUNTS_URL), whose host alone may stand
        // in for Zoho's API servers; 127.0.0.1 is another host, as https://attacker.example would be.
        final WireMockServer elsewhere = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        elsewhere.start();
        try {
            final Connected c = connect();
            zoho.stubFor(post(urlEqualTo(TOKEN)).withRequestBody(containing("client_id=" + c.clientId))
                                                .willReturn(json(200, """
                                                        {"access_token":"tok-stray","api_domain":"%s",
                                                         "token_type":"Bearer","expires_in":3600}"""
                                                        .formatted("http://127.0.0.1:" + elsewhere.port()))));
            elsewhere.stubFor(post(urlEqualTo(UPSERT)).willReturn(created("900666")));

            send(c.team, "Asha", "brocade");
            final FailedDelivery failed = awaitFailure(c.team);
            assertThat(failed.getReason()).contains("api_domain", "http://127.0.0.1:" + elsewhere.port(),
                                                    "https://*.zohoapis.in", "not sent");
            assertThat(failed.getAttempts()).isEqualTo(1);
            assertThat(elsewhere.getAllServeEvents()).as("requests to the stray api_domain").isEmpty();
            zoho.verify(0, postRequestedFor(urlEqualTo(UPSERT)));
        } finally {
            elsewhere.stop();
        }
    }

    @Test
    void anAccessTokenAboutToExpire_isRefreshedBeforeItIsUsedAgain() throws InterruptedException {
        final Connected c = connect();
        zoho.stubFor(post(urlEqualTo(TOKEN)).inScenario("expiry").whenScenarioStateIs(Scenario.STARTED)
                                            .withRequestBody(containing("client_id=" + c.clientId))
                                            .willReturn(json(200, """
                                                    {"access_token":"tok-short","api_domain":"%s",
                                                     "token_type":"Bearer","expires_in":2}"""
                                                    .formatted(zoho.baseUrl())))
                                            .willSetStateTo("renewed"));
        zoho.stubFor(post(urlEqualTo(TOKEN)).inScenario("expiry").whenScenarioStateIs("renewed")
                                            .withRequestBody(containing("client_id=" + c.clientId))
                                            .willReturn(token("tok-renewed")));
        zoho.stubFor(post(urlEqualTo(UPSERT)).withHeader("Authorization", equalTo("Zoho-oauthtoken tok-short"))
                                             .willReturn(created("900001")));
        zoho.stubFor(post(urlEqualTo(UPSERT)).withHeader("Authorization", equalTo("Zoho-oauthtoken tok-renewed"))
                                             .willReturn(created("900002")));

        assertThat(awaitLead(c.team, send(c.team, "Asha", "first bale"))).isEqualTo("900001");
        // A token that lives 2 s is used for half of that, so it is not sent once it may have expired.
        Thread.sleep(1_100);
        assertThat(awaitLead(c.team, send(c.team, "Asha", "second bale"))).isEqualTo("900002");
        zoho.verify(2, postRequestedFor(urlEqualTo(TOKEN)));
    }

    @Test
    void rateLimitedTokenRefresh429_waitsAsLongAsRetryAfterSays() {
        final Connected c = connect();
        zoho.stubFor(post(urlEqualTo(TOKEN)).withRequestBody(containing("client_id=" + c.clientId))
                                            .willReturn(json(429, """
                                                    {"error":"Access Denied","error_description":
                                                     "You have made too many requests continuously."}""").withHeader(
                                                    "Retry-After", "300")));

        final Enquiry enquiry = send(c.team, "Asha", "khadi");
        final String waiting = """
                select count(*) from jobs
                 where queue = 'crm' and dedup_key = :key and state = 'queued' and attempts = 1
                   and run_at > now() + interval '290 seconds' and last_error like '%429%'""";
        Eventually.await(Duration.ofSeconds(30), "the push waiting out Zoho's Retry-After",
                         () -> ec.app.database().jdbi().withHandle(h -> h.createQuery(waiting)
                                 .bind("key", "crm_push:" + enquiry.getId()).mapTo(Long.class).one()) == 1);
        zoho.verify(0, postRequestedFor(urlEqualTo(UPSERT)));
    }

    @Test
    void rateLimited429_holdsTheTenantsOtherPushesUntilRetryAfter_notOnlyTheRefusedOne() {
        final Connected c = connect();
        tokens(c.clientId, "tok-tenant-429");
        zoho.stubFor(post(urlEqualTo(UPSERT)).willReturn(json(429, """
                {"code":"TOO_MANY_REQUESTS","details":{},
                 "message":"too many requests","status":"error"}""").withHeader("Retry-After", "60")));

        final Enquiry refused = send(c.team, "Asha", "first of the day");
        Eventually.await(Duration.ofSeconds(30), "the first push refused, waiting out Retry-After",
                         () -> crmJobs(c, "dedup_key = 'crm_push:" + refused.getId() + "' and state = 'queued'"
                                          + " and attempts = 1 and run_at > now() + interval '50 seconds'"
                                          + " and last_error like '%429%'") == 1);
        final Enquiry second = send(c.team, "Ravi", "second");
        final Enquiry third = send(c.team, "Meera", "third");
        // Each later push has run and gone back to the queue: had one called Zoho, it would have been
        // refused and waited out Retry-After too; either way its run_at moved on.
        Eventually.await(Duration.ofSeconds(30), "the later pushes tried and put off",
                         () -> crmJobs(c, "dedup_key in ('crm_push:" + second.getId() + "', 'crm_push:"
                                          + third.getId() + "') and state = 'queued' and run_at > created_at")
                               == 2);
        zoho.verify(1, postRequestedFor(urlEqualTo(UPSERT)));
        assertThat(crmJobs(c, "state = 'queued' and attempts = 0")).as("later pushes, uncounted").isEqualTo(2);
        assertThat(pushLeaseHolder(c)).as("the tenant's push lease, held through Retry-After").isNotNull();
    }

    @Test
    void pushesQueuedWhileTheTenantWaitsOutARefusal_arePutBackUntilItsRetry_andGoOutWithIt() {
        final Connected c = connect();
        tokens(c.clientId, "tok-hold");
        final StubMapping limited = zoho.stubFor(post(urlEqualTo(UPSERT)).willReturn(json(429, """
                {"code":"TOO_MANY_REQUESTS","details":{},
                 "message":"too many requests","status":"error"}""").withHeader("Retry-After", "120")));

        final Enquiry refused = send(c.team, "Asha", "first of the day");
        Eventually.await(Duration.ofSeconds(30), "the first push refused, the tenant waiting out Retry-After",
                         () -> crmJobs(c, "dedup_key = 'crm_push:" + refused.getId() + "' and state = 'queued'"
                                          + " and attempts = 1 and run_at > now() + interval '110 seconds'")
                               == 1);
        final List<Enquiry> queued = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            queued.add(send(c.team, "Buyer " + i, "while the tenant waits " + i));
        }
        // Each went back to the queue once, due when the refused push retries, not half a second later to
        // find the lease held again, and again, for two minutes.
        final String dueWithTheRetry = "attempts = 0 and state = 'queued' and run_at > created_at"
                                       + " and run_at > now() + interval '100 seconds'";
        Eventually.await(Duration.ofSeconds(30), "the queued pushes put back until the retry",
                         () -> crmJobs(c, dueWithTheRetry) == queued.size());
        assertThat(crmJobs(c, "attempts = 0 and run_at > (select run_at from jobs where queue = 'crm'"
                              + " and dedup_key = 'crm_push:" + refused.getId() + "') + interval '5 seconds'"))
                .as("pushes put back well past the retry").isZero();
        zoho.verify(1, postRequestedFor(urlEqualTo(UPSERT)));

        // Retry-After passes and Zoho takes leads again: every enquiry goes out.
        zoho.removeStub(limited);
        zoho.stubFor(post(urlEqualTo(UPSERT)).willReturn(createdPerRecord()));
        letTimePass(c);
        assertThat(awaitLead(c.team, refused)).isEqualTo("lead-" + refused.getId());
        for (Enquiry enquiry : queued) {
            assertThat(awaitLead(c.team, enquiry)).isEqualTo("lead-" + enquiry.getId());
        }
    }

    @Test
    void reconnectingTheCrmAfterZohoRefusedTheConnection_sendsTheHeldPushesAtOnce_withTheNewCredentials() {
        final Connected c = connect();
        zoho.stubFor(post(urlEqualTo(TOKEN)).withRequestBody(containing("client_id=" + c.clientId))
                                            .willReturn(json(429, """
                                                    {"error":"Access Denied","error_description":
                                                     "You have made too many requests continuously."}""")
                                                    .withHeader("Retry-After", "600")));
        zoho.stubFor(post(urlEqualTo(UPSERT)).willReturn(createdPerRecord()));

        final Enquiry refused = send(c.team, "Asha", "before the reconnect");
        Eventually.await(Duration.ofSeconds(30), "the push refused, the tenant waiting ten minutes",
                         () -> crmJobs(c, "dedup_key = 'crm_push:" + refused.getId() + "' and state = 'queued'"
                                          + " and attempts = 1 and run_at > now() + interval '500 seconds'")
                               == 1);
        final Enquiry held = send(c.team, "Ravi", "while the tenant waits");
        Eventually.await(Duration.ofSeconds(30), "the later push put back until the retry",
                         () -> crmJobs(c, "dedup_key = 'crm_push:" + held.getId() + "' and state = 'queued'"
                                          + " and run_at > now() + interval '500 seconds'") == 1);

        // The owner connects the CRM again, with credentials Zoho takes: the leads go now, not in ten minutes.
        final String clientId = "1000." + UUID.randomUUID().toString().replace("-", "").toUpperCase();
        tokens(clientId, "tok-reconnected");
        ec.client(CrmServiceBlockingStub.class, c.team.ownerToken()).connectZoho(
                ConnectZohoRequest.newBuilder().setTenantId(c.team.tenantId()).setClientId(clientId)
                                  .setClientSecret("new-s3cret").setRefreshToken("1000.new.refresh.token")
                                  .setDataCentre(ZohoDataCentre.ZOHO_DATA_CENTRE_IN).build());
        assertThat(awaitLead(c.team, refused)).isEqualTo("lead-" + refused.getId());
        assertThat(awaitLead(c.team, held)).isEqualTo("lead-" + held.getId());
        zoho.verify(postRequestedFor(urlEqualTo(UPSERT)).withHeader("Authorization",
                                                                    equalTo("Zoho-oauthtoken tok-reconnected")));
        assertThat(pushLeaseHolder(c)).as("the tenant's push lease").isNull();
    }

    @Test
    void reconnectingAfterZohoRefusedTheCredentialsForGood_pushesTheRefusedLeadOnce_butNotOneRefusedForItsData() {
        final Connected c = connect();
        // A lead Zoho refuses for its data, which new credentials do not mend.
        tokens(c.clientId, "tok-first");
        zoho.stubFor(post(urlEqualTo(UPSERT)).withHeader("Authorization", equalTo("Zoho-oauthtoken tok-first"))
                                             .willReturn(json(207, """
                                                     {"data":[{"code":"INVALID_DATA",
                                                               "details":{"api_name":"Email"},
                                                               "message":"invalid data","status":"error"}]}""")));
        final Enquiry badData = send(c.team, "Asha", "refused for its data");
        assertThat(awaitFailure(c.team).getReason()).contains("INVALID_DATA");

        // The client is then deleted in Zoho's API console: its token stops working, and refreshing is refused.
        zoho.resetAll();
        zoho.stubFor(post(urlEqualTo(UPSERT)).withHeader("Authorization", equalTo("Zoho-oauthtoken tok-first"))
                                             .willReturn(json(401, """
                                                     {"code":"INVALID_TOKEN","details":{},
                                                      "message":"invalid oauth token","status":"error"}""")));
        zoho.stubFor(post(urlEqualTo(TOKEN)).withRequestBody(containing("client_id=" + c.clientId))
                                            .willReturn(json(400, "{\"error\":\"invalid_client\"}")));
        final Enquiry refused = send(c.team, "Ravi", "refused for its credentials");
        Eventually.await(Duration.ofSeconds(30), "the push failed for good on the credentials",
                         () -> crmJob(c, "dedup_key = 'crm_push:" + refused.getId() + "' and state = 'dead'"
                                         + " and last_error like '%invalid_client%'"));

        // The owner connects a new client: the push refused for the credentials goes, once.
        final String clientId = "1000." + UUID.randomUUID().toString().replace("-", "").toUpperCase();
        tokens(clientId, "tok-corrected");
        zoho.stubFor(post(urlEqualTo(UPSERT)).withHeader("Authorization", equalTo("Zoho-oauthtoken tok-corrected"))
                                             .willReturn(createdPerRecord()));
        ec.client(CrmServiceBlockingStub.class, c.team.ownerToken()).connectZoho(
                ConnectZohoRequest.newBuilder().setTenantId(c.team.tenantId()).setClientId(clientId)
                                  .setClientSecret("corrected-s3cret").setRefreshToken("1000.corrected.token")
                                  .setDataCentre(ZohoDataCentre.ZOHO_DATA_CENTRE_IN).build());
        assertThat(awaitLead(c.team, refused)).isEqualTo("lead-" + refused.getId());
        zoho.verify(1, postRequestedFor(urlEqualTo(UPSERT)).withRequestBody(containing(refused.getId()))
                                                           .withHeader("Authorization",
                                                                       equalTo("Zoho-oauthtoken tok-corrected")));
        zoho.verify(0, postRequestedFor(urlEqualTo(UPSERT)).withRequestBody(containing(badData.getId())));
        assertThat(crmJob(c, "dedup_key = 'crm_push:" + badData.getId() + "' and state = 'dead'"))
                .as("the push refused for its data, still failed").isTrue();
        assertThat(failedDeliveries(c)).singleElement()
                                       .satisfies(d -> assertThat(d.getSubject())
                                               .isEqualTo("crm_push:" + badData.getId()));
    }

    @Test
    void reconnectingAfterADisconnect_pushesOnceTheLeadsWhosePushesTheDisconnectFailed_butNotThoseSentWhileAway() {
        final Connected c = connect();
        final Enquiry underWay = putOffByZoho(c);

        // The owner disconnects (to change the credentials, or by mistake); the push comes due meanwhile.
        final CrmServiceBlockingStub owner = ec.client(CrmServiceBlockingStub.class, c.team.ownerToken());
        owner.disconnectZoho(DisconnectZohoRequest.newBuilder().setTenantId(c.team.tenantId()).build());
        letTimePass(c);
        Eventually.await(Duration.ofSeconds(30), "the push failed for good for want of a connection",
                         () -> crmJob(c, "dedup_key = 'crm_push:" + underWay.getId() + "' and state = 'dead'"));
        final Enquiry whileAway = send(c.team, "Ravi", "sent while disconnected");

        final String clientId = "1000." + UUID.randomUUID().toString().replace("-", "").toUpperCase();
        tokens(clientId, "tok-after");
        zoho.stubFor(post(urlEqualTo(UPSERT)).willReturn(createdPerRecord()));
        owner.connectZoho(ConnectZohoRequest.newBuilder().setTenantId(c.team.tenantId()).setClientId(clientId)
                                            .setClientSecret("new-s3cret").setRefreshToken("1000.new.token")
                                            .setDataCentre(ZohoDataCentre.ZOHO_DATA_CENTRE_IN).build());
        assertThat(awaitLead(c.team, underWay)).isEqualTo("lead-" + underWay.getId());
        zoho.verify(1, postRequestedFor(urlEqualTo(UPSERT)).withRequestBody(containing(underWay.getId()))
                                                           .withHeader("Authorization",
                                                                       equalTo("Zoho-oauthtoken tok-after")));
        assertThat(failedDeliveries(c)).as("failed deliveries").isEmpty();
        // One sent while the tenant had no connection was never queued: a reconnect does not dig it up.
        zoho.verify(0, postRequestedFor(urlEqualTo(UPSERT)).withRequestBody(containing(whileAway.getId())));
        assertThat(crmJobs(c, "dedup_key = 'crm_push:" + whileAway.getId() + "'")).isZero();
    }

    @Test
    void aReconnectWhileThePushThatFoundNoConnectionIsYetToBeRecordedDead_stillPushesItsLeadOnce() {
        final Connected c = connect();
        final Enquiry underWay = putOffByZoho(c);
        final String key = "crm_push:" + underWay.getId();
        final CrmServiceBlockingStub owner = ec.client(CrmServiceBlockingStub.class, c.team.ownerToken());
        owner.disconnectZoho(DisconnectZohoRequest.newBuilder().setTenantId(c.team.tenantId()).build());

        // The worker's record of how a run ended waits, while this push runs, until the gate opens: the push
        // has found no connection and failed, and its worker is about to mark it dead when the owner reconnects.
        final Jdbi dbOwner = Jdbi.create(ec.dbConfig.jdbcUrl(), ec.dbConfig.migrationUser(),
                                         ec.dbConfig.migrationPassword());
        final long gateLock = 7_311_001L;
        dbOwner.useHandle(h -> h.execute("""
                set search_path = enquiry;
                create function hold_run_outcome() returns trigger language plpgsql security definer as $$
                begin
                  if current_query() like '%%last_error = $%%'
                     and exists (select 1 from jobs where dedup_key = '%s' and state = 'running') then
                    perform pg_advisory_xact_lock_shared(%d);
                  end if;
                  return null;
                end $$;
                create trigger hold_run_outcome before update on jobs
                   for each statement execute function hold_run_outcome();""".formatted(key, gateLock)));
        try (Handle gate = dbOwner.open()) {
            gate.createQuery("select pg_advisory_lock(:lock)::text").bind("lock", gateLock).mapTo(String.class)
                .one();
            letTimePass(c);
            Eventually.await(Duration.ofSeconds(30), "the push failed, its worker waiting to record it",
                             () -> gate.createQuery("""
                                     select count(*) from pg_stat_activity
                                      where datname = current_database() and wait_event = 'advisory'
                                        and query like '%last_error = $%'""").mapTo(Long.class).one() > 0);

            final String clientId = "1000." + UUID.randomUUID().toString().replace("-", "").toUpperCase();
            tokens(clientId, "tok-after");
            zoho.stubFor(post(urlEqualTo(UPSERT)).willReturn(createdPerRecord()));
            owner.connectZoho(ConnectZohoRequest.newBuilder().setTenantId(c.team.tenantId())
                                                .setClientId(clientId).setClientSecret("new-s3cret")
                                                .setRefreshToken("1000.new.token")
                                                .setDataCentre(ZohoDataCentre.ZOHO_DATA_CENTRE_IN).build());
            gate.createQuery("select pg_advisory_unlock(:lock)::text").bind("lock", gateLock)
                .mapTo(String.class).one();

            assertThat(awaitLead(c.team, underWay)).isEqualTo("lead-" + underWay.getId());
            zoho.verify(1, postRequestedFor(urlEqualTo(UPSERT)).withRequestBody(containing(underWay.getId()))
                                                               .withHeader("Authorization",
                                                                           equalTo("Zoho-oauthtoken tok-after")));
            assertThat(failedDeliveries(c)).as("failed deliveries").isEmpty();
        } finally {
            dbOwner.useHandle(h -> h.execute("""
                    set search_path = enquiry;
                    drop trigger hold_run_outcome on jobs;
                    drop function hold_run_outcome;"""));
        }
    }

    @Test
    void aPushThatFoundNoConnection_asTheOwnerReconnects_goesWithTheNewConnection() throws Exception {
        final Connected c = connect();
        final Enquiry underWay = putOffByZoho(c);
        final CrmServiceBlockingStub owner = ec.client(CrmServiceBlockingStub.class, c.team.ownerToken());
        owner.disconnectZoho(DisconnectZohoRequest.newBuilder().setTenantId(c.team.tenantId()).build());
        final String clientId = "1000." + UUID.randomUUID().toString().replace("-", "").toUpperCase();
        tokens(clientId, "tok-after");
        zoho.stubFor(post(urlEqualTo(UPSERT)).willReturn(createdPerRecord()));

        // The reconnect waits for the tenant's connecting lock, which another transaction holds; the push comes
        // due, finds no connection and waits for the lock too, behind the reconnect, which stores the new
        // connection first.
        final Jdbi dbOwner = Jdbi.create(ec.dbConfig.jdbcUrl(), ec.dbConfig.migrationUser(),
                                         ec.dbConfig.migrationPassword());
        final CompletableFuture<?> reconnect;
        try (Handle holder = dbOwner.open()) {
            holder.begin();
            holder.createQuery("""
                    select pg_advisory_xact_lock(hashtextextended('enquiry.crm_connections ' || :tenant, 0))::text""")
                  .bind("tenant", c.team.tenantId()).mapTo(String.class).one();
            reconnect = CompletableFuture.runAsync(() -> owner.connectZoho(
                    ConnectZohoRequest.newBuilder().setTenantId(c.team.tenantId()).setClientId(clientId)
                                      .setClientSecret("new-s3cret").setRefreshToken("1000.new.token")
                                      .setDataCentre(ZohoDataCentre.ZOHO_DATA_CENTRE_IN).build()));
            Eventually.await(Duration.ofSeconds(30), "the reconnect waiting for the lock",
                             () -> advisoryWaits(holder) == 1);
            letTimePass(c);
            Eventually.await(Duration.ofSeconds(30), "the push that found no connection waiting behind it",
                             () -> advisoryWaits(holder) == 2);
            holder.rollback();
        }
        reconnect.get(30, TimeUnit.SECONDS);
        assertThat(awaitLead(c.team, underWay)).isEqualTo("lead-" + underWay.getId());
        zoho.verify(1, postRequestedFor(urlEqualTo(UPSERT)).withRequestBody(containing(underWay.getId()))
                                                           .withHeader("Authorization",
                                                                       equalTo("Zoho-oauthtoken tok-after")));
        assertThat(failedDeliveries(c)).as("failed deliveries").isEmpty();
    }

    /** How many sessions of the test database wait for an advisory lock. */
    private static long advisoryWaits(Handle h) {
        return h.createQuery("""
                select count(*) from pg_stat_activity
                 where datname = current_database() and wait_event = 'advisory'""").mapTo(Long.class).one();
    }

    @Test
    void aBurstOfOneTenantsEnquiries_goesOutInFewCalls_andEachLeadIsCreatedOnce() throws Exception {
        final Connected c = connect();
        tokens(c.clientId, "tok-burst");
        zoho.stubFor(post(urlEqualTo(UPSERT)).withHeader("Authorization", equalTo("Zoho-oauthtoken tok-burst"))
                                             .willReturn(createdPerRecord()));
        // While Zoho is down the pushes pile up, each refused or put off while the tenant backs off; the first
        // push after it recovers carries the others.
        final StubMapping down = zoho.stubFor(post(urlEqualTo(UPSERT)).atPriority(1)
                                                                     .willReturn(aResponse().withStatus(503)));
        final List<String> sent = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            sent.add(send(c.team, "Buyer " + i, "burst " + i).getId());
        }
        Eventually.await(Duration.ofSeconds(30), "every push refused or put off once",
                         () -> crmJobs(c, "run_at > created_at") == sent.size());
        final long claimedInOutage = crmClaims(c);
        zoho.removeStub(down);

        for (String id : sent) {
            assertThat(awaitLead(c.team, Enquiry.newBuilder().setId(id).build())).isEqualTo("lead-" + id);
        }
        final List<JsonNode> accepted = new ArrayList<>();
        for (ServeEvent event : zoho.getAllServeEvents()) {
            if (event.getRequest().getUrl().equals(UPSERT) && event.getResponse().getStatus() == 201) {
                accepted.add(JSON.readTree(event.getRequest().getBodyAsString()).path("data"));
            }
        }
        final List<String> pushed = accepted.stream()
                                            .flatMap(data -> StreamSupport.stream(data.spliterator(), false))
                                            .map(lead -> lead.path("Tradeloom_Enquiry_Id").asText())
                                            .filter(sent::contains).toList();
        assertThat(pushed).containsExactlyInAnyOrderElementsOf(sent);
        assertThat(accepted).as("calls that created the burst's leads").hasSizeLessThan(sent.size())
                            .anySatisfy(data -> assertThat(data.size()).isGreaterThan(1));
        // A push marks the jobs it carried done, so they are not claimed again only to find their lead:
        // after the outage, the carrying push and the few claimed alongside it ran (the worker runs two
        // at a time and holds two more), not one per enquiry. Retries that came due as Zoho recovered (one
        // more 503 each) add a few: a number that does not grow with the burst, as one per enquiry would.
        Eventually.await(Duration.ofSeconds(30), "every CRM job done", () -> ec.app.database().jdbi()
                .withHandle(h -> h.createQuery("select count(*) from jobs where queue = 'crm' "
                                               + "and state = 'done' and tenant_id = cast(:t as uuid)")
                                  .bind("t", c.team.tenantId()).mapTo(Long.class).one()) == sent.size());
        assertThat(crmClaims(c) - claimedInOutage).as("CRM job claims after the outage")
                                                  .isLessThan(sent.size() / 2);
    }

    @Test
    void aPushWhileTheTenantsPushLeaseIsHeld_goesBackToTheQueueUncounted_andGoesOutOnceItIsGivenBack() {
        final Connected c = connect();
        tokens(c.clientId, "tok-lock");
        zoho.stubFor(post(urlEqualTo(UPSERT)).withHeader("Authorization", equalTo("Zoho-oauthtoken tok-lock"))
                                             .willReturn(createdPerRecord()));
        // Another replica's push of this tenant, holding the lease until it ends.
        final UUID other = holdPushLease(c);
        final Enquiry enquiry = send(c.team, "Buyer", "while another push runs");
        Eventually.await(Duration.ofSeconds(30), "the push tried and went back to the queue",
                         () -> crmJob(c, "state = 'queued' and attempts = 0 and run_at > created_at"));
        releasePushLease(c, other);
        assertThat(awaitLead(c.team, enquiry)).isEqualTo("lead-" + enquiry.getId());
        zoho.verify(1, postRequestedFor(urlEqualTo(UPSERT)));
        assertThat(crmClaims(c)).as("attempts spent").isEqualTo(1);
    }

    @Test
    void aPushWhoseEnquiryAnEarlierPushCarried_endsWithoutWaitingForTheTenantsPushLease() {
        final Connected c = connect();
        tokens(c.clientId, "tok-carried");
        zoho.stubFor(post(urlEqualTo(UPSERT)).willReturn(createdPerRecord()));
        // A later push of this tenant holds the lease on another replica ...
        final UUID other = holdPushLease(c);
        final Enquiry enquiry = send(c.team, "Buyer", "carried by an earlier push");
        Eventually.await(Duration.ofSeconds(30), "the push tried and went back to the queue",
                         () -> crmJob(c, "state = 'queued' and attempts = 0 and run_at > created_at"));
        // ... while an earlier one, now committed, carried this enquiry and stored its lead.
        ec.app.database().transactor().inTenant(UUID.fromString(c.team.tenantId()), h -> h.createUpdate(
                "update enquiries set crm_lead_id = 'lead-earlier' where id = :id")
                .bind("id", UUID.fromString(enquiry.getId())).execute());
        Eventually.await(Duration.ofSeconds(30), "the push done while the lease is still held",
                         () -> crmJob(c, "state = 'done'"));
        releasePushLease(c, other);
        zoho.verify(0, postRequestedFor(urlEqualTo(UPSERT)));
    }

    @Test
    void aPushWhileAnotherTransactionTakesTheLease_goesBackToTheQueueWithoutWaitingForIt() {
        final Connected c = connect();
        tokens(c.clientId, "tok-taking");
        zoho.stubFor(post(urlEqualTo(UPSERT)).willReturn(createdPerRecord()));
        // Another replica's push, between taking the lease and committing: the row is locked.
        try (Handle other = ec.app.database().jdbi().open()) {
            other.begin();
            Transactor.actAs(other, Scope.tenant(UUID.fromString(c.team.tenantId())));
            other.createUpdate("update crm_connections set push_holder = :holder")
                 .bind("holder", UUID.randomUUID()).execute();
            final Enquiry enquiry = send(c.team, "Buyer", "while another push takes the lease");
            Eventually.await(Duration.ofSeconds(30), "the push tried and went back to the queue",
                             () -> crmJob(c, "state = 'queued' and attempts = 0 and run_at > created_at"));
            other.rollback();
            assertThat(awaitLead(c.team, enquiry)).isEqualTo("lead-" + enquiry.getId());
        }
    }

    @Test
    void aPushHoldsNoDatabaseTransactionWhileZohoAnswers() {
        final Connected c = connect();
        tokens(c.clientId, "tok-slow");
        zoho.stubFor(post(urlEqualTo(UPSERT)).willReturn(createdPerRecord().withFixedDelay(3000)));

        final Enquiry enquiry = send(c.team, "Buyer", "while Zoho takes its time");
        Eventually.await(Duration.ofSeconds(30), "the upsert reached Zoho",
                         () -> !zoho.findAll(postRequestedFor(urlEqualTo(UPSERT))).isEmpty());
        final long open = ec.app.database().jdbi().withHandle(h -> h.createQuery("""
                select count(*) from pg_stat_activity
                 where datname = current_database() and state like 'idle in transaction%'""")
                .mapTo(Long.class).one());
        assertThat(open).as("transactions left open while Zoho answers").isZero();
        assertThat(awaitLead(c.team, enquiry)).isEqualTo("lead-" + enquiry.getId());
    }

    @Test
    void aPushWhoseHolderDied_isTakenOverOnceItsLeaseRunsOut() {
        final Connected c = connect();
        tokens(c.clientId, "tok-expired");
        zoho.stubFor(post(urlEqualTo(UPSERT)).willReturn(createdPerRecord()));
        // A replica took the lease and died: its lease ran out a moment ago.
        final UUID tenantId = UUID.fromString(c.team.tenantId());
        ec.app.database().transactor().inTenant(tenantId, h -> h.createUpdate("""
                update crm_connections set push_holder = :holder, push_until = now() - interval '1 second'""")
                .bind("holder", UUID.randomUUID()).execute());

        final Enquiry enquiry = send(c.team, "Buyer", "after a replica died");
        assertThat(awaitLead(c.team, enquiry)).isEqualTo("lead-" + enquiry.getId());
        assertThat(crmClaims(c)).as("attempts spent").isEqualTo(1);
        assertThat(pushLeaseHolder(c)).as("lease given back").isNull();
    }

    @Test
    void aPushWhoseLeadsCouldNotBeStored_givesTheLeaseBack_andItsRetryDoesNotWaitForTheLeaseToRunOut() {
        final Connected c = connect();
        tokens(c.clientId, "tok-store");
        zoho.stubFor(post(urlEqualTo(UPSERT)).willReturn(createdPerRecord()));
        // The database refuses the first store of this tenant's leads, as when it restarts while Zoho answers.
        final Jdbi owner = Jdbi.create(ec.dbConfig.jdbcUrl(), ec.dbConfig.migrationUser(),
                                       ec.dbConfig.migrationPassword());
        owner.useHandle(h -> h.execute("""
                set search_path = enquiry;
                create sequence store_refusals;
                create function refuse_first_store() returns trigger language plpgsql security definer as $$
                begin
                  if nextval('store_refusals') = 1 then raise exception 'the database went away'; end if;
                  return new;
                end $$;
                create trigger refuse_first_store before update of crm_lead_id on enquiries
                   for each row when (new.tenant_id = '%s') execute function refuse_first_store();"""
                .formatted(c.team.tenantId())));
        try {
            final Enquiry enquiry = send(c.team, "Buyer", "while the database restarts");
            // Well before the lease (90 s) would run out.
            assertThat(awaitLead(c.team, enquiry)).isEqualTo("lead-" + enquiry.getId());
            assertThat(crmClaims(c)).as("attempts spent").isEqualTo(2);
            zoho.verify(2, postRequestedFor(urlEqualTo(UPSERT))
                                   .withRequestBody(matchingJsonPath("$.data[0].Tradeloom_Enquiry_Id",
                                                                     equalTo(enquiry.getId()))));
            assertThat(pushLeaseHolder(c)).as("lease given back").isNull();
        } finally {
            owner.useHandle(h -> h.execute("""
                    set search_path = enquiry;
                    drop trigger refuse_first_store on enquiries;
                    drop function refuse_first_store;
                    drop sequence store_refusals;"""));
        }
    }

    /** Takes {@code c}'s tenant's push lease, as another replica's push does; its holder. */
    private static UUID holdPushLease(Connected c) {
        final UUID holder = UUID.randomUUID();
        ec.app.database().transactor().inTenant(UUID.fromString(c.team.tenantId()), h -> h.createUpdate("""
                update crm_connections set push_holder = :holder, push_until = now() + interval '1 hour'""")
                .bind("holder", holder).execute());
        return holder;
    }

    private static void releasePushLease(Connected c, UUID holder) {
        ec.app.database().transactor().inTenant(UUID.fromString(c.team.tenantId()), h -> h.createUpdate("""
                update crm_connections set push_holder = null, push_until = null where push_holder = :holder""")
                .bind("holder", holder).execute());
    }

    private static @Nullable UUID pushLeaseHolder(Connected c) {
        return ec.app.database().transactor().inTenant(UUID.fromString(c.team.tenantId()), h -> h.createQuery(
                "select push_holder from crm_connections").mapTo(UUID.class).findOne().orElse(null));
    }

    /** Whether the CRM job of {@code c}'s tenant matches {@code condition}. */
    private static boolean crmJob(Connected c, String condition) {
        return ec.app.database().jdbi().withHandle(h -> h.createQuery(
                "select count(*) from jobs where queue = 'crm' and tenant_id = cast(:t as uuid) and " + condition)
                .bind("t", c.team.tenantId()).mapTo(Long.class).one()) == 1;
    }

    /** How many CRM jobs of {@code c}'s tenant match {@code condition}. */
    private static long crmJobs(Connected c, String condition) {
        return ec.app.database().jdbi().withHandle(h -> h.createQuery(
                "select count(*) from jobs where queue = 'crm' and tenant_id = cast(:t as uuid) and " + condition)
                .bind("t", c.team.tenantId()).mapTo(Long.class).one());
    }

    /** How many times the CRM jobs of {@code c}'s tenant were claimed in all. */
    private static long crmClaims(Connected c) {
        return ec.app.database().jdbi().withHandle(h -> h.createQuery("""
                select coalesce(sum(attempts), 0) from jobs where queue = 'crm' and tenant_id = cast(:t as uuid)""")
                .bind("t", c.team.tenantId()).mapTo(Long.class).one());
    }

    @Test
    void rowError207_failsForGood_withZohosReason_andCanBeRetriedByTheOwner() {
        final Connected c = connect();
        tokens(c.clientId, "tok-207");
        zoho.stubFor(post(urlEqualTo(UPSERT)).willReturn(json(207, """
                {"data":[{"code":"INVALID_DATA","details":{"api_name":"Email","json_path":"$.data[0].Email"},
                          "message":"invalid data","status":"error"}]}""")));

        final Enquiry enquiry = send(c.team, "Asha", "khadi");
        final FailedDelivery failed = awaitFailure(c.team);
        assertThat(failed.getChannel()).isEqualTo("crm");
        assertThat(failed.getSubject()).isEqualTo("crm_push:" + enquiry.getId());
        assertThat(failed.getReason()).contains("207", "INVALID_DATA", "invalid data", "Email");
        assertThat(failed.getAttempts()).isEqualTo(1);
        zoho.verify(1, postRequestedFor(urlEqualTo(UPSERT)));

        final CrmServiceBlockingStub stranger = ec.client(CrmServiceBlockingStub.class,
                                                          ec.supplier("Other", TenantKind.TENANT_KIND_SUPPLIER)
                                                            .ownerToken());
        final RetryDeliveryRequest retry = RetryDeliveryRequest.newBuilder().setTenantId(c.team.tenantId())
                                                               .setDeliveryId(failed.getId()).build();
        assertThatThrownBy(() -> stranger.retryDelivery(retry))
                .satisfies(e -> assertStatus(e, Status.Code.PERMISSION_DENIED, "MISSING_PERMISSION"));
        // Operators see every tenant's failures; members of tenants do not.
        assertThat(ec.client(CrmServiceBlockingStub.class, operator())
                     .listAllFailedDeliveries(ListAllFailedDeliveriesRequest.newBuilder().setChannel("crm")
                                                                            .setPageSize(100).build())
                     .getDeliveriesList())
                .anySatisfy(d -> assertThat(d.getTenantId() + '/' + d.getId())
                        .isEqualTo(c.team.tenantId() + '/' + failed.getId()));
        assertThatThrownBy(() -> stranger.listAllFailedDeliveries(
                ListAllFailedDeliveriesRequest.getDefaultInstance()))
                .satisfies(e -> assertStatus(e, Status.Code.PERMISSION_DENIED, "PLATFORM_ADMIN_REQUIRED"));
        final CrmServiceBlockingStub owner = ec.client(CrmServiceBlockingStub.class, c.team.ownerToken());
        assertThatThrownBy(() -> owner.retryDelivery(retry.toBuilder()
                                                          .setDeliveryId(UUID.randomUUID().toString()).build()))
                .satisfies(e -> assertStatus(e, Status.Code.NOT_FOUND, "DELIVERY_NOT_FOUND"));

        zoho.stubFor(post(urlEqualTo(UPSERT)).willReturn(created("900207")));
        owner.retryDelivery(retry);
        assertThat(awaitLead(c.team, enquiry)).isEqualTo("900207");
        assertThat(owner.listFailedDeliveries(ListFailedDeliveriesRequest.newBuilder()
                                                                         .setTenantId(c.team.tenantId()).build())
                        .getDeliveriesList()).isEmpty();
    }

    @Test
    void aLeadRefusedForItsLeadSource_isSentAgainWithoutIt_andItsLeadIdStored() {
        final Connected c = connect();
        tokens(c.clientId, "tok-source");
        // An organisation whose Lead_Source picklist takes only its own values.
        zoho.stubFor(post(urlEqualTo(UPSERT)).withRequestBody(matchingJsonPath("$.data[0].Lead_Source"))
                                             .willReturn(json(207, """
                                                     {"data":[{"code":"INVALID_DATA",
                                                               "details":{"api_name":"Lead_Source",
                                                                          "json_path":"$.data[0].Lead_Source"},
                                                               "message":"invalid data","status":"error"}]}""")));
        zoho.stubFor(post(urlEqualTo(UPSERT)).withRequestBody(notContaining("Lead_Source"))
                                             .willReturn(created("900301")));

        final Enquiry enquiry = send(c.team, "Asha", "kalamkari dupattas");
        assertThat(awaitLead(c.team, enquiry)).isEqualTo("900301");
        zoho.verify(2, postRequestedFor(urlEqualTo(UPSERT))
                .withRequestBody(matchingJsonPath("$.data[0].Tradeloom_Enquiry_Id", equalTo(enquiry.getId()))));
        zoho.verify(1, postRequestedFor(urlEqualTo(UPSERT)).withRequestBody(notContaining("Lead_Source")));
        zoho.verify(1, postRequestedFor(urlEqualTo(TOKEN)));
    }

    @Test
    void rowError400_mandatoryNotFound_failsForGood() {
        final Connected c = connect();
        tokens(c.clientId, "tok-400");
        zoho.stubFor(post(urlEqualTo(UPSERT)).willReturn(json(400, """
                {"data":[{"code":"MANDATORY_NOT_FOUND",
                          "details":{"api_name":"Company","json_path":"$.data[0].Company"},
                          "message":"required field not found","status":"error"}]}""")));
        send(c.team, "Asha", "jute bags");
        assertThat(awaitFailure(c.team).getReason()).contains("400", "MANDATORY_NOT_FOUND", "Company");
        zoho.verify(1, postRequestedFor(urlEqualTo(UPSERT)));
    }

    @Test
    void refusedRefreshToken_failsForGood_askingToReconnect() {
        final Connected c = connect();
        zoho.stubFor(post(urlEqualTo(TOKEN)).withRequestBody(containing("client_id=" + c.clientId))
                                            .willReturn(json(200, "{\"error\":\"invalid_code\"}")));
        send(c.team, "Asha", "wool");
        assertThat(awaitFailure(c.team).getReason()).contains("invalid_code", "reconnect");
        zoho.verify(0, postRequestedFor(urlEqualTo(UPSERT)));
    }

    @Test
    void throttledTokenRefresh400_isRetriedAfterAMinute_notFailedForGood_andGoesOutOnceZohoAllowsIt() {
        final Connected c = connect();
        // Zoho accounts throttles refreshes with 400 "Access Denied", which says nothing of the credentials.
        final StubMapping throttled = zoho.stubFor(
                post(urlEqualTo(TOKEN)).withRequestBody(containing("client_id=" + c.clientId))
                                       .willReturn(json(400, """
                                               {"error":"Access Denied","error_description":"You have made \
                                               too many requests continuously. Please try again after \
                                               some time."}""")));
        zoho.stubFor(post(urlEqualTo(UPSERT)).willReturn(createdPerRecord()));

        final Enquiry enquiry = send(c.team, "Asha", "mulmul");
        Eventually.await(Duration.ofSeconds(30), "the push waiting a minute for Zoho accounts",
                         () -> crmJob(c, "state = 'queued' and attempts = 1"
                                         + " and run_at > now() + interval '50 seconds'"
                                         + " and last_error like '%too many requests%'"
                                         + " and last_error not like '%reconnect%'"));
        assertThat(failedDeliveries(c)).as("failed deliveries").isEmpty();
        zoho.verify(0, postRequestedFor(urlEqualTo(UPSERT)));

        // The minute passes and Zoho accounts gives tokens again.
        zoho.removeStub(throttled);
        tokens(c.clientId, "tok-after-throttle");
        letTimePass(c);
        assertThat(awaitLead(c.team, enquiry)).isEqualTo("lead-" + enquiry.getId());
    }

    @Test
    void tokenRefreshErrorNotAboutCredentials_isRetried_withoutAskingToReconnect() {
        final Connected c = connect();
        zoho.stubFor(post(urlEqualTo(TOKEN)).withRequestBody(containing("client_id=" + c.clientId))
                                            .willReturn(json(400, "{\"error\":\"general_error\"}")));
        final Enquiry enquiry = send(c.team, "Asha", "voile");
        Eventually.await(Duration.ofSeconds(30), "the push retried after an unknown token error",
                         () -> crmJob(c, "dedup_key = 'crm_push:" + enquiry.getId() + "' and state = 'queued'"
                                         + " and attempts >= 1 and last_error like '%general_error%'"
                                         + " and last_error not like '%reconnect%'"));
        assertThat(failedDeliveries(c)).as("failed deliveries").isEmpty();
    }

    @Test
    void refusedClientSecret400_failsForGood_askingToReconnect() {
        final Connected c = connect();
        zoho.stubFor(post(urlEqualTo(TOKEN)).withRequestBody(containing("client_id=" + c.clientId))
                                            .willReturn(json(400, "{\"error\":\"invalid_client_secret\"}")));
        send(c.team, "Asha", "crepe");
        final FailedDelivery failed = awaitFailure(c.team);
        assertThat(failed.getReason()).contains("invalid_client_secret", "reconnect");
        assertThat(failed.getAttempts()).isEqualTo(1);
        zoho.verify(0, postRequestedFor(urlEqualTo(UPSERT)));
    }

    @Test
    void failedDeliveries_withAPageTokenOfATimeNoDeliveryHas_isInvalidArgument_notAnInternalError() {
        final Team team = ec.supplier("Token Textiles", TenantKind.TENANT_KIND_SUPPLIER);
        final CrmServiceBlockingStub owner = ec.client(CrmServiceBlockingStub.class, team.ownerToken());
        final CrmServiceBlockingStub operator = ec.client(CrmServiceBlockingStub.class, operator());
        // Parsed as times, but beyond what PostgreSQL (year 294276) or java.sql.Timestamp can hold.
        for (String time : List.of("+300000-01-01T00:00:00Z", "+1000000000-01-01T00:00:00Z",
                                   "-300000-01-01T00:00:00Z")) {
            final String token = Base64.getUrlEncoder().withoutPadding().encodeToString(
                    (time + '\u001f' + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8));
            assertThatThrownBy(() -> owner.listFailedDeliveries(ListFailedDeliveriesRequest.newBuilder()
                    .setTenantId(team.tenantId()).setPageToken(token).build()))
                    .as("page token at %s", time)
                    .satisfies(e -> assertStatus(e, Status.Code.INVALID_ARGUMENT, "INVALID_ARGUMENT"));
            assertThatThrownBy(() -> operator.listAllFailedDeliveries(
                    ListAllFailedDeliveriesRequest.newBuilder().setPageToken(token).build()))
                    .as("page token at %s", time)
                    .satisfies(e -> assertStatus(e, Status.Code.INVALID_ARGUMENT, "INVALID_ARGUMENT"));
        }
    }

    /** The CRM deliveries of {@code c}'s tenant that failed for good. */
    private static List<FailedDelivery> failedDeliveries(Connected c) {
        return ec.client(CrmServiceBlockingStub.class, c.team.ownerToken()).listFailedDeliveries(
                ListFailedDeliveriesRequest.newBuilder().setTenantId(c.team.tenantId()).build())
                 .getDeliveriesList();
    }

    /**
     * Makes {@code c}'s tenant's CRM pushes due, and runs out the tenant's push lease and its hold, as the
     * waits they were put off by do when they pass. The hold's retry time runs out too: a push that finds
     * the lease being taken by another (skipped, not waited for) reads it to know how long to stay away, and
     * one still ahead would put that push back for the rest of the old wait.
     */
    private static void letTimePass(Connected c) {
        ec.app.database().transactor().inTenant(UUID.fromString(c.team.tenantId()), h -> h.createUpdate("""
                update crm_connections set push_until = now() - interval '1 second',
                       push_retry_at = case when push_retry_at is null then null
                                            else now() - interval '1 second' end""").execute());
        ec.app.database().jdbi().useHandle(h -> h.createUpdate("""
                update jobs set run_at = now() where queue = 'crm' and tenant_id = cast(:t as uuid)
                   and state = 'queued'""").bind("t", c.team.tenantId()).execute());
    }

    @Test
    void connection_keepsSecretsSealed_needsIntegrationPermission_andDisconnectStopsPushes() {
        final Connected c = connect();
        final CrmServiceBlockingStub owner = ec.client(CrmServiceBlockingStub.class, c.team.ownerToken());
        final ZohoConnection shown = owner.getZohoConnection(GetZohoConnectionRequest.newBuilder()
                                                                                     .setTenantId(c.team.tenantId())
                                                                                     .build());
        assertThat(shown.getClientId()).isEqualTo(c.clientId);
        assertThat(shown.getDataCentre()).isEqualTo(ZohoDataCentre.ZOHO_DATA_CENTRE_IN);
        assertThat(shown.toString()).doesNotContain("s3cret", "refresh.token");
        final List<byte[]> stored = ec.app.database().transactor().inTenant(
                UUID.fromString(c.team.tenantId()),
                h -> h.createQuery("select sealed_secrets from crm_connections").mapTo(byte[].class).list());
        assertThat(stored).singleElement().satisfies(bytes -> assertThat(new String(bytes, StandardCharsets.UTF_8))
                .doesNotContain("s3cret", "refresh.token"));

        final CrmServiceBlockingStub sales = ec.client(CrmServiceBlockingStub.class,
                                                       ec.member(c.team, Role.ROLE_SALES));
        assertThatThrownBy(() -> sales.getZohoConnection(GetZohoConnectionRequest.newBuilder()
                                                                                 .setTenantId(c.team.tenantId())
                                                                                 .build()))
                .satisfies(e -> assertStatus(e, Status.Code.PERMISSION_DENIED, "MISSING_PERMISSION"));

        owner.disconnectZoho(DisconnectZohoRequest.newBuilder().setTenantId(c.team.tenantId()).build());
        assertThatThrownBy(() -> owner.getZohoConnection(GetZohoConnectionRequest.newBuilder()
                                                                                 .setTenantId(c.team.tenantId())
                                                                                 .build()))
                .satisfies(e -> assertStatus(e, Status.Code.NOT_FOUND, "CRM_NOT_CONNECTED"));
        final Enquiry after = send(c.team, "Asha", "after disconnect");
        final long jobs = ec.app.database().jdbi().withHandle(h -> h.createQuery(
                "select count(*) from jobs where queue = 'crm' and dedup_key = :key")
                .bind("key", "crm_push:" + after.getId()).mapTo(Long.class).one());
        assertThat(jobs).isZero();
    }

    @Test
    void connect_withBlankCredentials_isInvalidArgumentNamingEachField_andPastedWhitespaceIsNotSent() {
        final Team team = ec.supplier("Paste Textiles", TenantKind.TENANT_KIND_SUPPLIER);
        final CrmServiceBlockingStub owner = ec.client(CrmServiceBlockingStub.class, team.ownerToken());
        final ConnectZohoRequest blank = ConnectZohoRequest.newBuilder().setTenantId(team.tenantId())
                                                           .setClientId("  ").setClientSecret(" \t")
                                                           .setRefreshToken("\n")
                                                           .setDataCentre(ZohoDataCentre.ZOHO_DATA_CENTRE_IN)
                                                           .build();
        assertThatThrownBy(() -> owner.connectZoho(blank))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(TenantCoreTesting.badRequest(e).getFieldViolationsList())
                            .extracting(v -> v.getField())
                            .containsExactlyInAnyOrder("client_id", "client_secret", "refresh_token");
                });
        final GetZohoConnectionRequest get = GetZohoConnectionRequest.newBuilder().setTenantId(team.tenantId())
                                                                     .build();
        assertThatThrownBy(() -> owner.getZohoConnection(get))
                .satisfies(e -> assertStatus(e, Status.Code.NOT_FOUND, "CRM_NOT_CONNECTED"));

        // Copied from Zoho's API console with the line break after it: the credentials are what Zoho issued.
        final String clientId = "1000." + UUID.randomUUID().toString().replace("-", "").toUpperCase();
        owner.connectZoho(blank.toBuilder().setClientId(clientId + "\n").setClientSecret(" s3cret/value\n")
                               .setRefreshToken("1000.pasted.token\r\n").build());
        assertThat(owner.getZohoConnection(get).getClientId()).isEqualTo(clientId);
        tokens(clientId, "tok-pasted");
        zoho.stubFor(post(urlEqualTo(UPSERT)).willReturn(created("5725767000000524888")));
        assertThat(awaitLead(team, send(team, "Asha", "pasted credentials"))).isEqualTo("5725767000000524888");
        zoho.verify(postRequestedFor(urlEqualTo(TOKEN))
                            .withRequestBody(containing("client_secret=s3cret%2Fvalue&"))
                            .withRequestBody(containing("refresh_token=1000.pasted.token"))
                            .withRequestBody(notContaining("%0A"))
                            .withRequestBody(notContaining("%0D"))
                            .withRequestBody(notContaining("+s3cret")));
    }

    @Test
    void connect_withAnExternalIdFieldThePushFills_isInvalidArgument_insteadOfOverwritingTheLead() {
        final Team team = ec.supplier("Field Textiles", TenantKind.TENANT_KIND_SUPPLIER);
        final CrmServiceBlockingStub owner = ec.client(CrmServiceBlockingStub.class, team.ownerToken());
        final ConnectZohoRequest connect = ConnectZohoRequest.newBuilder()
                .setTenantId(team.tenantId()).setClientId("1000.FIELD").setClientSecret("s3cret")
                .setRefreshToken("1000.refresh.token").setDataCentre(ZohoDataCentre.ZOHO_DATA_CENTRE_IN)
                .build();
        // The enquiry id would replace the buyer's message, name or address in every lead (or, for Email, have
        // Zoho refuse every lead), and the leads would be matched on it.
        for (String field : List.of("Description", "Last_Name", "First_Name", "Email", "Company", "Phone",
                                    "Lead_Source", "email")) {
            assertThatThrownBy(() -> owner.connectZoho(connect.toBuilder().setExternalIdField(field).build()))
                    .as("external_id_field %s", field)
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                        assertThat(TenantCoreTesting.badRequest(e).getFieldViolationsList())
                                .extracting(v -> v.getField()).containsExactly("external_id_field");
                    });
        }
        assertThatThrownBy(() -> owner.getZohoConnection(GetZohoConnectionRequest.newBuilder()
                                                                                 .setTenantId(team.tenantId())
                                                                                 .build()))
                .satisfies(e -> assertStatus(e, Status.Code.NOT_FOUND, "CRM_NOT_CONNECTED"));
        assertThat(owner.connectZoho(connect.toBuilder().setExternalIdField("Enquiry_Ref").build())
                        .getExternalIdField()).isEqualTo("Enquiry_Ref");
    }

    /** A fresh platform operator's access token. */
    private static String operator() {
        final String email = TenantCoreTesting.newEmail("operator");
        ec.tenantCore.signUp(email);
        ec.tenantCore.db().jdbi().useHandle(h -> h.createUpdate(
                "update users set platform_admin = true where email = :e").bind("e", email).execute());
        return ec.login(email);
    }

    /** A supplier whose owner connected Zoho with a unique client id, and a signed-in buyer. */
    private record Connected(Team team, String clientId, String buyer) {}

    private static Connected connect() {
        final Team team = ec.supplier("Crm Textiles", TenantKind.TENANT_KIND_SUPPLIER);
        final String clientId = "1000." + UUID.randomUUID().toString().replace("-", "").toUpperCase();
        ec.client(CrmServiceBlockingStub.class, team.ownerToken()).connectZoho(
                ConnectZohoRequest.newBuilder().setTenantId(team.tenantId()).setClientId(clientId)
                                  .setClientSecret("s3cret/value").setRefreshToken("1000.refresh.token")
                                  .setDataCentre(ZohoDataCentre.ZOHO_DATA_CENTRE_IN).build());
        connected.add(team);
        return new Connected(team, clientId, ec.buyer());
    }

    private static Enquiry send(Team team, String name, String message) {
        return send(team, name, message, "buyer@example.com");
    }

    private static Enquiry send(Team team, String name, String message, String email) {
        return ec.client(EnquiryServiceBlockingStub.class, ec.buyer()).createEnquiry(
                CreateEnquiryRequest.newBuilder().setTenantId(team.tenantId())
                                    .setEnquiry(Enquiry.newBuilder().setMessage(message).setQuantity(10)
                                                       .setContact(EnquiryContact.newBuilder().setName(name)
                                                                                 .setEmail(email)))
                                    .build());
    }

    private static String awaitLead(Team team, Enquiry enquiry) {
        final EnquiryServiceBlockingStub owner = ec.client(EnquiryServiceBlockingStub.class, team.ownerToken());
        final GetEnquiryRequest get = GetEnquiryRequest.newBuilder().setTenantId(team.tenantId())
                                                       .setEnquiryId(enquiry.getId()).build();
        Eventually.await(Duration.ofSeconds(30), "lead id on " + enquiry.getId(),
                         () -> !owner.getEnquiry(get).getCrm().getLeadId().isEmpty());
        return owner.getEnquiry(get).getCrm().getLeadId();
    }

    private static FailedDelivery awaitFailure(Team team) {
        final CrmServiceBlockingStub owner = ec.client(CrmServiceBlockingStub.class, team.ownerToken());
        final ListFailedDeliveriesRequest list = ListFailedDeliveriesRequest.newBuilder()
                                                                            .setTenantId(team.tenantId()).build();
        Eventually.await(Duration.ofSeconds(30), "a failed delivery of " + team.tenantId(),
                         () -> owner.listFailedDeliveries(list).getDeliveriesCount() > 0);
        return owner.listFailedDeliveries(list).getDeliveries(0);
    }

    private static void tokens(String clientId, String accessToken) {
        zoho.stubFor(post(urlEqualTo(TOKEN)).withRequestBody(containing("client_id=" + clientId))
                                            .willReturn(token(accessToken)));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder token(String accessToken) {
        return json(200, """
                {"access_token":"%s","api_domain":"%s","token_type":"Bearer","expires_in":3600}"""
                .formatted(accessToken, zoho.baseUrl()));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder created(String leadId) {
        return json(201, """
                {"data":[{"code":"SUCCESS","duplicate_field":null,"action":"insert",
                          "details":{"Modified_Time":"2026-11-23T18:30:00+05:30","id":"%s",
                                     "Created_Time":"2026-11-23T18:30:00+05:30"},
                          "message":"record added","status":"success"}]}""".formatted(leadId));
    }

    /**
     * Zoho's answer to an organisation over its API limits: the push waits the ten minutes of Retry-After, so
     * it runs again only when the test lets time pass.
     */
    /** An enquiry to {@code c}'s tenant sent while Zoho answers 429: its push is put off for ten minutes. */
    private static Enquiry putOffByZoho(Connected c) {
        tokens(c.clientId, "tok-before");
        zoho.stubFor(post(urlEqualTo(UPSERT)).willReturn(rateLimitedForTenMinutes()));
        final Enquiry underWay = send(c.team, "Asha", "sent before the disconnect");
        Eventually.await(Duration.ofSeconds(30), "the push put off by Zoho for ten minutes",
                         () -> crmJob(c, "dedup_key = 'crm_push:" + underWay.getId() + "' and state = 'queued'"
                                         + " and run_at > now() + interval '500 seconds'"));
        return underWay;
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder rateLimitedForTenMinutes() {
        return json(429, """
                {"code":"TOO_MANY_REQUESTS","details":{},
                 "message":"too many requests","status":"error"}""").withHeader("Retry-After", "600");
    }

    /** Zoho's answer to an upsert that created every record it was sent, each lead id naming its enquiry. */
    static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder createdPerRecord() {
        return json(201, """
                {"data":[{{#each (jsonPath request.body '$.data') as |lead|}}{{#unless @first}},{{/unless}}
                  {"code":"SUCCESS","duplicate_field":null,"action":"insert",
                   "details":{"id":"lead-{{lead.Tradeloom_Enquiry_Id}}"},
                   "message":"record added","status":"success"}{{/each}}]}""")
                .withTransformers("response-template");
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json;charset=UTF-8")
                          .withBody(body);
    }
}
