package dev.tradeloom.enquiry.upstream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import dev.tradeloom.enquiry.EnquiryCoreTesting;
import dev.tradeloom.enquiry.EnquiryCoreTesting.Team;
import dev.tradeloom.enquiry.domain.GuestLimits;
import dev.tradeloom.enquiry.v1.ConnectZohoRequest;
import dev.tradeloom.enquiry.v1.CreateEnquiryRequest;
import dev.tradeloom.enquiry.v1.CrmServiceGrpc.CrmServiceBlockingStub;
import dev.tradeloom.enquiry.v1.Enquiry;
import dev.tradeloom.enquiry.v1.EnquiryContact;
import dev.tradeloom.enquiry.v1.EnquiryServiceGrpc.EnquiryServiceBlockingStub;
import dev.tradeloom.enquiry.v1.NotificationLanguage;
import dev.tradeloom.enquiry.v1.NotificationSettings;
import dev.tradeloom.enquiry.v1.NotificationSettingsServiceGrpc.NotificationSettingsServiceBlockingStub;
import dev.tradeloom.enquiry.v1.UpdateNotificationSettingsRequest;
import dev.tradeloom.enquiry.v1.ZohoDataCentre;
import dev.tradeloom.platform.queue.QueueWorkerSettings;
import dev.tradeloom.platform.testing.Eventually;
import dev.tradeloom.tenant.TenantCoreTesting;
import dev.tradeloom.tenant.v1.TenantKind;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

/**
 * The outbox through an outage: the SMTP server is stopped and the fake Zoho answers 503 while
 * enquiries keep arriving, then both recover. Every enquiry must end with exactly one created lead
 * (its id stored on the enquiry) and exactly one email per notification address: none lost, none
 * duplicated.
 */
class DeliveryOutageTest {
    private static final Logger logger = LoggerFactory.getLogger(DeliveryOutageTest.class);
    private static final String UPSERT = "/crm/v8/Leads/upsert";
    private static final String TOKEN = "/oauth/v2/token";
    private static final String EXTERNAL_ID = "Tradeloom_Enquiry_Id";
    private static final int PER_PHASE = 100;
    private static final int SENDERS = 4;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LINK = Pattern.compile("/enquiries/([0-9a-f-]{36})");

    private final WireMockServer zoho = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    /**
     * "enquiry-id address" of every email in a notification address's mailbox on any of the SMTP
     * servers, kept across restarts.
     */
    private final List<String> received = new ArrayList<>();
    private GreenMail smtp;
    private int smtpPort;
    private EnquiryCoreTesting ec;

    @BeforeEach
    void start() {
        zoho.start();
        smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        smtpPort = smtp.getSmtp().getPort();
        // Retries back off from 250 ms up to 5 s, so the outage below (it ends once every delivery
        // has failed once) spends a few of an email's ten attempts, not its last ones.
        ec = new EnquiryCoreTesting(new GuestLimits(100, 100), zoho.baseUrl(), smtpPort,
                                    new QueueWorkerSettings(4, 32, Duration.ofSeconds(10),
                                                            Duration.ofMillis(500), Duration.ofMillis(250),
                                                            Duration.ofSeconds(5)));
    }

    @AfterEach
    void stop() {
        ec.close();
        if (smtp != null) {
            smtp.stop();
        }
        zoho.stop();
    }

    @Test
    void smtpAndZohoDown_whileEnquiriesArrive_everyEnquiryEndsWithOneLeadAndOneEmailPerAddress()
            throws Exception {
        final Team team = ec.supplier("Outage Weavers", TenantKind.TENANT_KIND_SUPPLIER);
        final List<String> addresses = List.of(TenantCoreTesting.newEmail("desk"),
                                               TenantCoreTesting.newEmail("owner-inbox"));
        ec.client(NotificationSettingsServiceBlockingStub.class, team.ownerToken()).updateNotificationSettings(
                UpdateNotificationSettingsRequest.newBuilder().setSettings(
                        NotificationSettings.newBuilder().setTenantId(team.tenantId())
                                            .addAllNotificationEmails(addresses)
                                            .setLanguage(NotificationLanguage.NOTIFICATION_LANGUAGE_EN))
                        .build());
        ec.client(CrmServiceBlockingStub.class, team.ownerToken()).connectZoho(
                ConnectZohoRequest.newBuilder().setTenantId(team.tenantId()).setClientId("1000.OUTAGE")
                                  .setClientSecret("s3cret").setRefreshToken("1000.refresh")
                                  .setDataCentre(ZohoDataCentre.ZOHO_DATA_CENTRE_IN).build());
        zoho.stubFor(post(urlEqualTo(TOKEN)).willReturn(json(200, """
                {"access_token":"tok-outage","api_domain":"%s","token_type":"Bearer","expires_in":3600}"""
                .formatted(zoho.baseUrl()))));
        // Each created lead's id names the enquiry it was created for, so the stored id shows which
        // upsert it came from.
        zoho.stubFor(post(urlEqualTo(UPSERT)).willReturn(ZohoPusherTest.createdPerRecord()));
        final EnquiryServiceBlockingStub buyer = ec.client(EnquiryServiceBlockingStub.class, ec.buyer());
        final List<String> sent = new ArrayList<>();

        // Up: enquiries arrive and are delivered.
        sent.addAll(send(buyer, team, "before", PER_PHASE));
        awaitDrained(sent.size() * 2L);

        // Down, with nothing in flight (so no email can be both delivered and reported failed):
        // SMTP refuses connections and every Zoho call answers 503, while enquiries keep arriving.
        received.addAll(enquiryAndMailbox(smtp, addresses));
        smtp.stop();
        smtp = null;
        final StubMapping outage = zoho.stubFor(any(anyUrl()).atPriority(1)
                                                            .willReturn(aResponse().withStatus(503)
                                                                                   .withBody("maintenance")));
        final List<String> duringOutage = send(buyer, team, "during", PER_PHASE);
        sent.addAll(duringOutage);
        // A CRM push carries the tenant's other waiting enquiries, so an enquiry's lead can be refused in
        // pushes of other jobs, and a push that finds another running goes back uncounted: the CRM side
        // is watched in Zoho's refusals, the email side in the mail jobs' attempts.
        Eventually.await(Duration.ofSeconds(60), "every delivery of the outage failed and was retried",
                         () -> count("select count(*) from jobs where queue = 'mail' and state <> 'done'"
                                     + " and attempts >= 2") >= duringOutage.size()
                               && refusedTwice(duringOutage));

        // Back up, while the failed deliveries are still backing off and more enquiries arrive.
        smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        zoho.removeStub(outage);
        sent.addAll(send(buyer, team, "after", PER_PHASE));
        awaitDrained(sent.size() * 2L);
        received.addAll(enquiryAndMailbox(smtp, addresses));

        final Set<String> enquiries = Set.copyOf(sent);
        assertThat(enquiries).hasSize(3 * PER_PHASE);
        assertThat(count("select count(*) from jobs where state = 'dead'")).isZero();

        // Zoho: every enquiry was upserted on its own id, and exactly one upsert per enquiry created a lead
        // (an upsert carries up to 100 enquiries of the tenant).
        final List<ServeEvent> upserts = zoho.getAllServeEvents().stream()
                                             .filter(e -> e.getRequest().getUrl().equals(UPSERT)).toList();
        final Map<String, Long> created = upserts.stream().filter(e -> e.getResponse().getStatus() == 201)
                                                 .flatMap(e -> externalIds(e).stream())
                                                 .collect(Collectors.groupingBy(id -> id,
                                                                                Collectors.counting()));
        final long refused = upserts.stream().filter(e -> e.getResponse().getStatus() == 503).count();
        assertThat(refused).as("upserts refused during the outage").isPositive();
        assertThat(upserts.stream().flatMap(e -> externalIds(e).stream()).collect(Collectors.toSet()))
                .isEqualTo(enquiries);
        assertThat(created.keySet()).isEqualTo(enquiries);
        assertThat(created.values()).allMatch(n -> n == 1);
        final Map<String, String> leads = leadIds(team);
        assertThat(leads.keySet()).isEqualTo(enquiries);
        assertThat(leads).allSatisfy((id, lead) -> assertThat(lead).isEqualTo("lead-" + id));

        // SMTP: exactly one email per enquiry in each notification address's mailbox.
        final Map<String, Long> emails = received.stream().collect(Collectors.groupingBy(
                key -> key, Collectors.counting()));
        final Set<String> expected = enquiries.stream()
                                              .flatMap(id -> addresses.stream().map(to -> id + ' ' + to))
                                              .collect(Collectors.toSet());
        assertThat(emails.keySet()).isEqualTo(expected);
        assertThat(emails.values()).allMatch(n -> n == 1);
        final long mailRetries = count("select count(*) from jobs where queue = 'mail' and attempts > 1");
        assertThat(mailRetries).as("emails retried after the SMTP outage").isGreaterThanOrEqualTo(PER_PHASE);

        logger.info("Outage run: {} enquiries, {} leads created ({} upserts, {} refused during the outage), "
                    + "{} emails ({} retried), {} deliveries not done", enquiries.size(), created.size(),
                    upserts.size(), refused, received.size(), mailRetries,
                    count("select count(*) from jobs where state <> 'done'"));
    }

    /** Sends {@code count} enquiries from {@link #SENDERS} threads; returns their ids. */
    private static List<String> send(EnquiryServiceBlockingStub buyer, Team team, String phase, int count)
            throws Exception {
        final ExecutorService pool = Executors.newFixedThreadPool(SENDERS);
        try {
            final List<Future<String>> ids = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                final String message = "Enquiry " + phase + ' ' + i + ": 40 m of indigo cotton";
                ids.add(pool.submit(() -> buyer.createEnquiry(
                        CreateEnquiryRequest.newBuilder().setTenantId(team.tenantId())
                                            .setRequestId(UUID.randomUUID().toString())
                                            .setEnquiry(enquiry(message))
                                            .build()).getId()));
            }
            final List<String> result = new ArrayList<>();
            for (Future<String> id : ids) {
                result.add(id.get());
            }
            return result;
        } finally {
            pool.shutdown();
        }
    }

    private static Enquiry.Builder enquiry(String message) {
        return Enquiry.newBuilder().setMessage(message).setQuantity(40).setQuantityUnit("m")
                      .setContact(EnquiryContact.newBuilder().setName("Asha Rao").setEmail("asha@example.com"));
    }

    /** Whether each of {@code enquiries} was in at least two upserts Zoho refused. */
    private boolean refusedTwice(List<String> enquiries) {
        final Map<String, Long> refusals = zoho.getAllServeEvents().stream()
                                               .filter(e -> e.getRequest().getUrl().equals(UPSERT)
                                                            && e.getResponse().getStatus() == 503)
                                               .flatMap(e -> externalIds(e).stream())
                                               .collect(Collectors.groupingBy(id -> id, Collectors.counting()));
        return enquiries.stream().allMatch(id -> refusals.getOrDefault(id, 0L) >= 2);
    }

    /** Waits until {@code jobs} jobs exist and all of them are done. */
    private void awaitDrained(long jobs) {
        Eventually.await(Duration.ofSeconds(60), jobs + " deliveries done",
                         () -> count("select count(*) from jobs where state = 'done'") == jobs
                               && count("select count(*) from jobs") == jobs);
    }

    /** A count over the jobs table (system data, outside row-level security). */
    private long count(String sql) {
        return ec.app.database().jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    private Map<String, String> leadIds(Team team) {
        final List<Map<String, Object>> rows = ec.app.database().transactor().inTenant(
                UUID.fromString(team.tenantId()),
                h -> h.createQuery("select id::text as id, crm_lead_id from enquiries").mapToMap().list());
        final Map<String, String> leads = new HashMap<>();
        rows.forEach(r -> leads.put((String) r.get("id"), (String) r.get("crm_lead_id")));
        return Collections.unmodifiableMap(leads);
    }

    private static List<String> externalIds(ServeEvent event) {
        try {
            final List<String> ids = new ArrayList<>();
            JSON.readTree(event.getRequest().getBodyAsString()).path("data")
                .forEach(lead -> ids.add(lead.path(EXTERNAL_ID).asText()));
            return ids;
        } catch (IOException e) {
            throw new AssertionError("an upsert whose body is not JSON: " + event.getRequest(), e);
        }
    }

    /** "enquiry-id address" of each enquiry email in the mailbox of each of {@code addresses}. */
    private static List<String> enquiryAndMailbox(GreenMail smtp, List<String> addresses) {
        final List<String> keys = new ArrayList<>();
        for (String address : addresses) {
            smtp.findReceivedMessages(user -> user.getEmail().equals(address), message -> true)
                .forEach(message -> keys.add(enquiryId(message) + ' ' + address));
        }
        return keys;
    }

    /** The enquiry of an enquiry email, from the link in its body. */
    private static String enquiryId(MimeMessage message) {
        try {
            final Matcher link = LINK.matcher(String.valueOf(message.getContent()));
            assertThat(link.find()).as("a link to the enquiry in an email").isTrue();
            return link.group(1);
        } catch (IOException | MessagingException e) {
            throw new AssertionError(e);
        }
    }

    private static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json;charset=UTF-8")
                          .withBody(body);
    }
}
