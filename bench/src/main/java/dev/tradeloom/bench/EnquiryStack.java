package dev.tradeloom.bench;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.linecorp.armeria.client.grpc.GrpcClients;
import com.linecorp.armeria.server.Server;

import dev.tradeloom.bff.BffConfig;
import dev.tradeloom.bff.BffServer;
import dev.tradeloom.enquiry.EnquiryCoreApp;
import dev.tradeloom.enquiry.EnquiryCoreConfig;
import dev.tradeloom.enquiry.v1.ConnectZohoRequest;
import dev.tradeloom.enquiry.v1.CrmServiceGrpc.CrmServiceBlockingStub;
import dev.tradeloom.enquiry.v1.NotificationLanguage;
import dev.tradeloom.enquiry.v1.NotificationSettings;
import dev.tradeloom.enquiry.v1.NotificationSettingsServiceGrpc.NotificationSettingsServiceBlockingStub;
import dev.tradeloom.enquiry.v1.UpdateNotificationSettingsRequest;
import dev.tradeloom.enquiry.v1.ZohoDataCentre;
import dev.tradeloom.platform.config.Env;
import dev.tradeloom.platform.crypto.SecretBox;
import dev.tradeloom.tenant.TenantCoreApp;
import dev.tradeloom.tenant.TenantCoreConfig;
import dev.tradeloom.tenant.domain.AccountSecrets;
import dev.tradeloom.tenant.v1.Address;
import dev.tradeloom.tenant.v1.AuthServiceGrpc.AuthServiceBlockingStub;
import dev.tradeloom.tenant.v1.CreateTenantRequest;
import dev.tradeloom.tenant.v1.LoginRequest;
import dev.tradeloom.tenant.v1.RegisterRequest;
import dev.tradeloom.tenant.v1.Tenant;
import dev.tradeloom.tenant.v1.TenantKind;
import dev.tradeloom.tenant.v1.TenantServiceGrpc.TenantServiceBlockingStub;
import io.grpc.stub.AbstractStub;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jakarta.mail.internet.MimeMessage;

/**
 * Everything an enquiry touches, in one process on an embedded PostgreSQL: tenant-core,
 * enquiry-core (with its outbox worker), the edge, an in-process SMTP server and a fake Zoho
 * (accounts and CRM) that creates every lead it is sent. The supplier has two notification
 * addresses and a Zoho connection; buyers are signed in, so the guest caps do not apply.
 */
final class EnquiryStack implements AutoCloseable {
    static final String UPSERT = "/crm/v8/Leads/upsert";
    static final List<String> NOTIFY = List.of("sales@bench-supplier.example", "owner@bench-supplier.example");
    private static final String PASSWORD = "bench-password-1";

    final EmbeddedPostgres pg;
    final String jdbcUrl;
    final WireMockServer zoho = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1")
                                                            .containerThreads(32));
    final TenantCoreApp tenantCore;
    final EnquiryCoreApp enquiryCore;
    final Server edge;
    final String supplierId;
    final List<String> buyerTokens = new ArrayList<>();
    private final int smtpPort;
    /** What stopped SMTP servers had received, read before stopping them (stopping clears their store). */
    private final List<Delivered> receivedBefore = new ArrayList<>();
    private @Nullable GreenMail smtp;
    private @Nullable StubMapping outage;

    EnquiryStack(int clients) throws Exception {
        final Path dataDir = Files.createTempDirectory("tradeloom-bench-pg");
        final EmbeddedPostgres.Builder server = EmbeddedPostgres.builder().setDataDirectory(dataDir)
                                                                .setServerConfig("max_connections", "200")
                                                                .setServerConfig("shared_buffers", "512MB");
        if (StatementTimes.enabled()) {
            server.setServerConfig("shared_preload_libraries", "pg_stat_statements");
        }
        pg = server.start();
        jdbcUrl = "jdbc:postgresql://localhost:" + pg.getPort() + "/postgres";
        if (StatementTimes.enabled()) {
            StatementTimes.install(jdbcUrl);
        }
        smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        smtpPort = smtp.getSmtp().getPort();
        zoho.start();
        zoho.stubFor(post(urlEqualTo("/oauth/v2/token")).willReturn(json(200, """
                {"access_token":"tok-bench","api_domain":"%s","token_type":"Bearer","expires_in":3600}"""
                .formatted(zoho.baseUrl()))));
        // One result per record sent (an upsert carries up to 100 leads), each lead id naming its enquiry.
        zoho.stubFor(post(urlEqualTo(UPSERT)).willReturn(json(201, """
                {"data":[{{#each (jsonPath request.body '$.data') as |lead|}}{{#unless @first}},{{/unless}}
                  {"code":"SUCCESS","duplicate_field":null,"action":"insert",
                   "details":{"id":"lead-{{lead.Tradeloom_Enquiry_Id}}"},
                   "message":"record added","status":"success"}{{/each}}]}""")
                .withTransformers("response-template")));

        final Map<String, String> settings = new HashMap<>(Map.of(
                "DB_URL", jdbcUrl, "DB_POOL_SIZE", String.valueOf(clients + 4), "TENANT_CORE_PORT", "0",
                "ENQUIRY_CORE_PORT", "0", "BFF_PORT", "0", "RATE_LIMIT_ENABLED", "false",
                "SMTP_HOST", "127.0.0.1", "SMTP_PORT", String.valueOf(smtpPort)));
        // The outbox worker's settings (JOB_CONCURRENCY and friends) may be given to the benchmark.
        System.getenv().forEach((name, value) -> {
            if (name.startsWith("JOB_")) {
                settings.put(name, value);
            }
        });
        final Env env = Env.of(settings);
        tenantCore = TenantCoreApp.start(TenantCoreConfig.fromEnv(env.with(
                Map.of(AccountSecrets.SECRET_KEY, SecretBox.newKey()))));
        enquiryCore = EnquiryCoreApp.start(EnquiryCoreConfig.fromEnv(env.with(Map.of(
                "TENANT_CORE_URL", tenantCore.uri(), "CRM_SECRET_KEY", newKey(),
                "ZOHO_ACCOUNTS_URL", zoho.baseUrl()))));
        edge = BffServer.configure(Server.builder(), BffConfig.fromEnv(env.with(Map.of(
                "TENANT_CORE_URL", tenantCore.uri(), "ENQUIRY_CORE_URL", enquiryCore.uri())))).build();
        edge.start().join();

        final String owner = signUp("owner-login@bench-supplier.example");
        final Tenant tenant = client(tenantCore.uri(), TenantServiceBlockingStub.class, owner).createTenant(
                CreateTenantRequest.newBuilder().setTenant(
                        Tenant.newBuilder().setSlug("bench-supplier").setName("Bench Weaving Mills")
                              .setKind(TenantKind.TENANT_KIND_SUPPLIER).setCategory("Textiles")
                              .setAddress(Address.newBuilder().setCity("Surat").setCountry("IN"))).build());
        supplierId = tenant.getId();
        // A fresh token carries the new membership.
        final String ownerToken = login("owner-login@bench-supplier.example");
        client(enquiryCore.uri(), NotificationSettingsServiceBlockingStub.class, ownerToken)
                .updateNotificationSettings(UpdateNotificationSettingsRequest.newBuilder().setSettings(
                        NotificationSettings.newBuilder().setTenantId(supplierId)
                                            .addAllNotificationEmails(NOTIFY)
                                            .setLanguage(NotificationLanguage.NOTIFICATION_LANGUAGE_EN))
                        .build());
        client(enquiryCore.uri(), CrmServiceBlockingStub.class, ownerToken).connectZoho(
                ConnectZohoRequest.newBuilder().setTenantId(supplierId).setClientId("1000.BENCH")
                                  .setClientSecret("bench-secret").setRefreshToken("1000.bench.refresh")
                                  .setDataCentre(ZohoDataCentre.ZOHO_DATA_CENTRE_IN).build());
        for (int i = 0; i < clients; i++) {
            buyerTokens.add(signUp("buyer-" + i + "@bench-buyer.example"));
        }
    }

    int edgePort() {
        return edge.activeLocalPort();
    }

    /** SMTP refuses connections and every Zoho call answers 503. */
    synchronized void outageStarts() {
        final GreenMail running = smtp;
        if (running != null) {
            // Its SMTP service first: the mailboxes are plain lists that SMTP sessions append to, so reading
            // them while mail arrived could fail (ConcurrentModificationException), and stopping the whole
            // server empties them.
            running.getSmtp().stopService();
            receivedBefore.addAll(delivered(running));
            running.stop();
            smtp = null;
        }
        outage = zoho.stubFor(any(anyUrl()).atPriority(1).willReturn(aResponse().withStatus(503)
                                                                                .withBody("maintenance")));
    }

    /** SMTP listens again on the same port and Zoho answers as before. */
    synchronized void outageEnds() {
        final GreenMail restarted = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1",
                                                                  ServerSetup.PROTOCOL_SMTP));
        restarted.start();
        smtp = restarted;
        if (outage != null) {
            zoho.removeStub(outage);
            outage = null;
        }
    }

    /** A message in the mailbox of one of the notification addresses. */
    record Delivered(String mailbox, MimeMessage message) {}

    /** Every message that reached a notification address's mailbox on the SMTP servers of this run. */
    synchronized List<Delivered> receivedMail() {
        final List<Delivered> all = new ArrayList<>(receivedBefore);
        if (smtp != null) {
            all.addAll(delivered(smtp));
        }
        return all;
    }

    private static List<Delivered> delivered(GreenMail server) {
        final List<Delivered> delivered = new ArrayList<>();
        for (String address : NOTIFY) {
            server.findReceivedMessages(user -> user.getEmail().equals(address), message -> true)
                  .forEach(message -> delivered.add(new Delivered(address, message)));
        }
        return delivered;
    }

    /** A query of one number, as the database owner (outside row-level security). */
    long count(String sql) throws SQLException {
        return Long.parseLong(text(sql));
    }

    /** A query of one value, as text, as the database owner (outside row-level security). */
    String text(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** The postmaster's process id, for its and its backends' CPU time. */
    long postgresPid() throws Exception {
        return Long.parseLong(Files.readAllLines(pgDataDir().resolve("postmaster.pid")).get(0).trim());
    }

    private Path pgDataDir() throws SQLException {
        return Path.of(text("show data_directory"));
    }

    /** Registers {@code email}, marks it verified as the database owner, and signs in. */
    private String signUp(String email) throws SQLException {
        client(tenantCore.uri(), AuthServiceBlockingStub.class, null).register(
                RegisterRequest.newBuilder().setEmail(email).setPassword(PASSWORD).setDisplayName("Bench")
                               .build());
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
             var verify = c.prepareStatement(
                     "update tenant.users set email_verified_at = now() where email = ?")) {
            verify.setString(1, email);
            verify.executeUpdate();
        }
        return login(email);
    }

    private String login(String email) {
        return client(tenantCore.uri(), AuthServiceBlockingStub.class, null)
                .login(LoginRequest.newBuilder().setEmail(email).setPassword(PASSWORD).build())
                .getTokens().getAccessToken();
    }

    private static <T extends AbstractStub<T>> T client(String uri, Class<T> type, @Nullable String token) {
        final var builder = GrpcClients.builder(uri);
        if (token != null) {
            builder.addHeader("authorization", "Bearer " + token);
        }
        return builder.build(type);
    }

    private static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json;charset=UTF-8")
                          .withBody(body);
    }

    private static String newKey() {
        final byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    @Override
    public void close() throws Exception {
        edge.stop().join();
        enquiryCore.close();
        tenantCore.close();
        final GreenMail running = smtp;
        if (running != null) {
            running.stop();
        }
        zoho.stop();
        pg.close();
    }

}
