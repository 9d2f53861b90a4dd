package dev.tradeloom.enquiry.upstream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;

import dev.tradeloom.enquiry.EnquiryCoreTesting;
import dev.tradeloom.enquiry.EnquiryCoreTesting.Team;
import dev.tradeloom.enquiry.domain.CrmSettings;
import dev.tradeloom.enquiry.domain.GuestLimits;
import dev.tradeloom.enquiry.v1.ConnectZohoRequest;
import dev.tradeloom.enquiry.v1.CreateEnquiryRequest;
import dev.tradeloom.enquiry.v1.CrmServiceGrpc.CrmServiceBlockingStub;
import dev.tradeloom.enquiry.v1.Enquiry;
import dev.tradeloom.enquiry.v1.EnquiryContact;
import dev.tradeloom.enquiry.v1.EnquiryServiceGrpc.EnquiryServiceBlockingStub;
import dev.tradeloom.enquiry.v1.GetEnquiryRequest;
import dev.tradeloom.enquiry.v1.GetZohoConnectionRequest;
import dev.tradeloom.enquiry.v1.ZohoConnection;
import dev.tradeloom.enquiry.v1.ZohoDataCentre;
import dev.tradeloom.platform.crypto.SecretBox;
import dev.tradeloom.platform.testing.Eventually;
import dev.tradeloom.tenant.v1.TenantKind;

/**
 * Every Zoho credential sealed at rest (INTEGRATIONS.md: client id and secret, refresh token, accounts
 * domain): what the database holds after a connect, and connections an earlier version stored with their
 * client id and data centre in plaintext, sealed when enquiry-core starts.
 */
class ZohoCredentialsAtRestTest {
    private static final String UPSERT = "/crm/v8/Leads/upsert";
    private static final String TOKEN = "/oauth/v2/token";
    private static final SecretBox KEY = SecretBox.fromBase64(CrmSettings.SECRET_KEY, EnquiryCoreTesting.newKey());

    private static final WireMockServer zoho = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    private static EnquiryCoreTesting ec;
    /** The database as its superuser, whom row-level security does not hide rows from. */
    private static Jdbi superuser;

    @BeforeAll
    static void start() {
        zoho.start();
        ec = new EnquiryCoreTesting(new GuestLimits(100, 100), zoho.baseUrl(), KEY);
        superuser = Jdbi.create(ec.dbConfig.jdbcUrl(), ec.dbConfig.migrationUser(), ec.dbConfig.migrationPassword());
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

    @Test
    void connect_leavesNoTraceOfTheClientIdOrDataCentreInTheRow_andTheOwnerStillSeesBoth() {
        final Team team = ec.supplier("Sealed Textiles", TenantKind.TENANT_KIND_SUPPLIER);
        final String clientId = newClientId();
        connect(team, clientId, ZohoDataCentre.ZOHO_DATA_CENTRE_EU);

        final Map<String, Object> row = rawRow(team);
        assertThat(row).isNotEmpty();
        row.forEach((column, value) -> {
            final String text = value instanceof byte[] bytes ? new String(bytes, StandardCharsets.ISO_8859_1)
                                                              : String.valueOf(value);
            assertThat(text).as(column).doesNotContain(clientId, "zoho.eu", "s3cret", "refresh.token");
            assertThat(text).as(column).isNotEqualToIgnoringCase("eu");
        });
        final ZohoConnection shown = get(team);
        assertThat(shown.getClientId()).isEqualTo(clientId);
        assertThat(shown.getDataCentre()).isEqualTo(ZohoDataCentre.ZOHO_DATA_CENTRE_EU);
        assertThat(shown.toString()).doesNotContain("s3cret", "refresh.token");
    }

    @Test
    void aConnectionStoredWithItsClientIdInPlaintext_isSealedAtStart_andStillPushesWithItsCredentials() {
        final Team team = ec.supplier("Older Textiles", TenantKind.TENANT_KIND_SUPPLIER);
        final String clientId = newClientId();
        storeAsAnEarlierVersionDid(team, clientId, "in", KEY);

        ec.restart(KEY);

        assertThat(plaintext(team)).as("plaintext left").isEqualTo("null/null");
        final Map<String, Object> row = rawRow(team);
        assertThat(new String((byte[]) row.get("sealed_secrets"), StandardCharsets.ISO_8859_1))
                .doesNotContain(clientId, "old-secret");
        final ZohoConnection shown = get(team);
        assertThat(shown.getClientId()).isEqualTo(clientId);
        assertThat(shown.getDataCentre()).isEqualTo(ZohoDataCentre.ZOHO_DATA_CENTRE_IN);

        // The data centre sealed from the plaintext column is the one the push checks Zoho's api_domain
        // against: a server of another data centre is refused and named.
        zoho.stubFor(post(urlEqualTo(TOKEN)).withRequestBody(containing("client_id=" + clientId))
                                            .willReturn(json(200, """
                                                    {"access_token":"tok-us","api_domain":"https://www.zohoapis.com",
                                                     "token_type":"Bearer","expires_in":3600}""")));
        send(team, "off to the wrong data centre");
        Eventually.await(Duration.ofSeconds(30), "the push refused for its api_domain",
                         () -> crmJob(team, "state = 'dead' and last_error like '%(in, expected: "
                                            + "https://*.zohoapis.in)%'"));

        zoho.resetAll();
        zoho.stubFor(post(urlEqualTo(TOKEN)).withRequestBody(containing("client_id=" + clientId))
                                            .willReturn(json(200, """
                                                    {"access_token":"tok-in","api_domain":"%s",
                                                     "token_type":"Bearer","expires_in":3600}"""
                                                    .formatted(zoho.baseUrl()))));
        zoho.stubFor(post(urlEqualTo(UPSERT)).withHeader("Authorization", equalTo("Zoho-oauthtoken tok-in"))
                                             .willReturn(json(201, """
                                                     {"data":[{"code":"SUCCESS","details":{"id":"77001"},
                                                               "message":"record added","status":"success"}]}""")));
        final Enquiry enquiry = send(team, "after the upgrade");
        assertThat(awaitLead(team, enquiry)).isEqualTo("77001");
        zoho.verify(1, postRequestedFor(urlEqualTo(TOKEN))
                .withRequestBody(containing("grant_type=refresh_token"))
                .withRequestBody(containing("client_id=" + clientId))
                .withRequestBody(containing("client_secret=old-secret"))
                .withRequestBody(containing("refresh_token=1000.old.refresh")));
        zoho.verify(1, postRequestedFor(urlEqualTo(UPSERT))
                .withRequestBody(matchingJsonPath("$.data[0].Tradeloom_Enquiry_Id", equalTo(enquiry.getId()))));
    }

    @Test
    void aKeyThatDoesNotOpenTheStoredConnections_stopsTheStart_andLeavesThePlaintext() {
        final Team team = ec.supplier("Keyed Textiles", TenantKind.TENANT_KIND_SUPPLIER);
        final String clientId = newClientId();
        storeAsAnEarlierVersionDid(team, clientId, "au", KEY);
        final SecretBox otherKey = SecretBox.fromBase64(CrmSettings.SECRET_KEY, EnquiryCoreTesting.newKey());

        assertThatThrownBy(() -> ec.restart(otherKey))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(CrmSettings.SECRET_KEY)
                .hasMessageContaining("does not open");
        assertThat(plaintext(team)).isEqualTo(clientId + "/au");

        ec.restart(KEY);
        assertThat(plaintext(team)).isEqualTo("null/null");
        assertThat(get(team).getClientId()).isEqualTo(clientId);
    }

    @Test
    void aConnectionSealedUnderAnEarlierKey_keepsItsPlaintext_whileTheOthersAreSealed() {
        final Team stale = ec.supplier("Stale Textiles", TenantKind.TENANT_KIND_SUPPLIER);
        final String staleClientId = newClientId();
        storeAsAnEarlierVersionDid(stale, staleClientId, "jp",
                                   SecretBox.fromBase64(CrmSettings.SECRET_KEY, EnquiryCoreTesting.newKey()));
        final Team current = ec.supplier("Current Textiles", TenantKind.TENANT_KIND_SUPPLIER);
        final String currentClientId = newClientId();
        storeAsAnEarlierVersionDid(current, currentClientId, "ca", KEY);

        ec.restart(KEY);

        assertThat(plaintext(stale)).as("not opened, kept").isEqualTo(staleClientId + "/jp");
        assertThat(plaintext(current)).isEqualTo("null/null");
        assertThat(get(current).getDataCentre()).isEqualTo(ZohoDataCentre.ZOHO_DATA_CENTRE_CA);
        // Its owner reconnects: the new credentials are sealed, and the plaintext goes.
        connect(stale, staleClientId, ZohoDataCentre.ZOHO_DATA_CENTRE_JP);
        assertThat(plaintext(stale)).isEqualTo("null/null");
    }

    private static String newClientId() {
        return "1000." + UUID.randomUUID().toString().replace("-", "").toUpperCase();
    }

    private static void connect(Team team, String clientId, ZohoDataCentre dataCentre) {
        ec.client(CrmServiceBlockingStub.class, team.ownerToken()).connectZoho(
                ConnectZohoRequest.newBuilder().setTenantId(team.tenantId()).setClientId(clientId)
                                  .setClientSecret("s3cret/value").setRefreshToken("1000.refresh.token")
                                  .setDataCentre(dataCentre).build());
    }

    /**
     * The team's connection as migration V8 left one an earlier version stored: client id and data centre in
     * the plaintext columns, and only the client secret and refresh token sealed, under {@code key}. It is
     * stored as the newest connection.
     */
    private static void storeAsAnEarlierVersionDid(Team team, String clientId, String dataCentre, SecretBox key) {
        final byte[] sealed = key.seal("{\"clientSecret\":\"old-secret\",\"refreshToken\":\"1000.old.refresh\"}",
                                       team.tenantId());
        superuser.useHandle(h -> h.createUpdate("""
                insert into enquiry.crm_connections (tenant_id, client_id_plaintext, data_centre_plaintext,
                                                     external_id_field, sealed_secrets)
                values (cast(:t as uuid), :clientId, :dataCentre, 'Tradeloom_Enquiry_Id', :sealed)""")
                .bind("t", team.tenantId()).bind("clientId", clientId).bind("dataCentre", dataCentre)
                .bind("sealed", sealed).execute());
    }

    /** Every column of the team's connection, read as the superuser. */
    private static Map<String, Object> rawRow(Team team) {
        return superuser.withHandle(h -> h.createQuery(
                "select * from enquiry.crm_connections where tenant_id = cast(:t as uuid)")
                .bind("t", team.tenantId()).mapToMap().findOne().orElse(Map.of()));
    }

    /** The team's plaintext client id and data centre, "null/null" when there is none. */
    private static String plaintext(Team team) {
        return superuser.withHandle(h -> h.createQuery("""
                select coalesce(client_id_plaintext, 'null') || '/' || coalesce(data_centre_plaintext, 'null')
                  from enquiry.crm_connections where tenant_id = cast(:t as uuid)""")
                .bind("t", team.tenantId()).mapTo(String.class).one());
    }

    private static ZohoConnection get(Team team) {
        return ec.client(CrmServiceBlockingStub.class, team.ownerToken()).getZohoConnection(
                GetZohoConnectionRequest.newBuilder().setTenantId(team.tenantId()).build());
    }

    private static Enquiry send(Team team, String message) {
        return ec.client(EnquiryServiceBlockingStub.class, ec.buyer()).createEnquiry(
                CreateEnquiryRequest.newBuilder().setTenantId(team.tenantId())
                                    .setEnquiry(Enquiry.newBuilder().setMessage(message).setQuantity(10)
                                                       .setContact(EnquiryContact.newBuilder().setName("Asha Iyer")
                                                                                 .setEmail("buyer@example.com")))
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

    /** Whether the team has a CRM job matching {@code condition}. */
    private static boolean crmJob(Team team, String condition) {
        return superuser.withHandle(h -> h.createQuery(
                "select count(*) from enquiry.jobs where queue = 'crm' and tenant_id = cast(:t as uuid) and "
                + condition).bind("t", team.tenantId()).mapTo(Long.class).one()) > 0;
    }

    private static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json;charset=UTF-8")
                          .withBody(body);
    }
}
