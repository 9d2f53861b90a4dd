package dev.tradeloom.enquiry.api;

import static dev.tradeloom.enquiry.EnquiryCoreTesting.assertStatus;
import static dev.tradeloom.enquiry.api.EnquiryServiceTest.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.google.protobuf.FieldMask;

import dev.tradeloom.api.v1.Role;
import dev.tradeloom.enquiry.EnquiryCoreTesting;
import dev.tradeloom.enquiry.EnquiryCoreTesting.Team;
import dev.tradeloom.enquiry.domain.GuestLimits;
import dev.tradeloom.enquiry.v1.ConnectZohoRequest;
import dev.tradeloom.enquiry.v1.CrmServiceGrpc.CrmServiceBlockingStub;
import dev.tradeloom.enquiry.v1.Enquiry;
import dev.tradeloom.enquiry.v1.EnquiryContact;
import dev.tradeloom.enquiry.v1.EnquiryServiceGrpc.EnquiryServiceBlockingStub;
import dev.tradeloom.enquiry.v1.GetNotificationSettingsRequest;
import dev.tradeloom.enquiry.v1.ListFailedDeliveriesRequest;
import dev.tradeloom.enquiry.v1.NotificationLanguage;
import dev.tradeloom.enquiry.v1.NotificationSettings;
import dev.tradeloom.enquiry.v1.NotificationSettingsServiceGrpc.NotificationSettingsServiceBlockingStub;
import dev.tradeloom.enquiry.v1.UpdateNotificationSettingsRequest;
import dev.tradeloom.enquiry.v1.ZohoDataCentre;
import dev.tradeloom.platform.testing.Eventually;
import dev.tradeloom.tenant.TenantCoreTesting;
import dev.tradeloom.tenant.v1.TenantKind;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/** Notification settings, and the supplier's email about each new enquiry in the tenant's language. */
class NotificationSettingsServiceTest {
    private static EnquiryCoreTesting ec;

    @BeforeAll
    static void start() {
        ec = new EnquiryCoreTesting(new GuestLimits(100, 100));
    }

    @AfterAll
    static void stop() {
        ec.close();
    }

    @Test
    void newEnquiry_emailsEveryAddress_inEnglish_once() {
        final Team team = ec.supplier("Panipat Home", TenantKind.TENANT_KIND_SUPPLIER);
        final String sales = TenantCoreTesting.newEmail("sales-desk");
        final String boss = TenantCoreTesting.newEmail("boss");
        save(team, List.of(sales, boss), NotificationLanguage.NOTIFICATION_LANGUAGE_EN);

        final String requestId = UUID.randomUUID().toString();
        final EnquiryServiceBlockingStub buyer = ec.client(EnquiryServiceBlockingStub.class, ec.buyer());
        final Enquiry enquiry = buyer.createEnquiry(request(team.tenantId(), "200 cushion covers in indigo")
                .setRequestId(requestId)
                .setEnquiry(EnquiryServiceTest.enquiry("200 cushion covers in indigo").setQuantity(200)
                                              .setQuantityUnit("pieces")
                                              .setContact(EnquiryContact.newBuilder().setName("Ravi Kumar")
                                                                        .setEmail("ravi@example.com")))
                .build());
        buyer.createEnquiry(request(team.tenantId(), "again").setRequestId(requestId).build());

        for (String to : List.of(sales, boss)) {
            awaitMail(to);
            final String[] mail = ec.tenantCore.mail.newest(to);
            assertThat(mail[0]).isEqualTo("New enquiry for " + team.name() + " from Ravi Kumar");
            assertThat(mail[1]).contains("200 cushion covers in indigo", "Quantity: 200 pieces",
                                         "Email: ravi@example.com",
                                         "/tenants/" + team.tenantId() + "/enquiries/" + enquiry.getId())
                               // What the buyer left out is left out, not shown empty.
                               .doesNotContain("Phone:", "Product:");
            assertThat(mail[1].lines()).contains("From: Ravi Kumar");
            // One email to the whole team: each sees who else has it.
            assertThat(mail[2]).isEqualTo(sales + ", " + boss);
        }
        // The replay enqueued nothing more: one job for the enquiry, and one copy in each mailbox.
        assertThat(mailJobs(enquiry)).isEqualTo(1);
        assertThat(ec.tenantCore.mail.count(sales)).isEqualTo(1);
        assertThat(ec.tenantCore.mail.count(boss)).isEqualTo(1);
    }

    @Test
    void newEnquiry_email_keepsTheMessagesLines_andEveryOtherValueOnItsOwnLine() {
        final Team team = ec.supplier("Surat Looms", TenantKind.TENANT_KIND_SUPPLIER);
        final String to = TenantCoreTesting.newEmail("lines");
        save(team, List.of(to), NotificationLanguage.NOTIFICATION_LANGUAGE_EN);
        ec.client(EnquiryServiceBlockingStub.class, ec.buyer()).createEnquiry(
                request(team.tenantId(), "Need 500 m of georgette.\nRed and black.")
                        .setEnquiry(EnquiryServiceTest.enquiry("Need 500 m of georgette.\nRed and black.")
                                                      .setContact(EnquiryContact.newBuilder()
                                                              .setName("Meera\nEmail: pay-here@evil.example")
                                                              .setCompany("Meera Textiles")
                                                              .setPhone("+91 98765 43210")
                                                              .setEmail("meera@example.com")))
                        .build());
        awaitMail(to);
        final List<String> lines = ec.tenantCore.mail.newest(to)[1].lines().toList();
        assertThat(lines).containsSubsequence("From: Meera Email: pay-here@evil.example (Meera Textiles)",
                                              "Email: meera@example.com", "Phone: +91 98765 43210", "Message:",
                                              "Need 500 m of georgette.", "Red and black.")
                         .noneMatch(line -> line.startsWith("Quantity:"));
        assertThat(lines.stream().filter(line -> line.startsWith("Email:"))).containsExactly("Email: meera@example.com");
    }

    @Test
    void newEnquiry_forHindiTenant_isEmailedInHindi() {
        final Team team = ec.supplier("Chanderi Weaves", TenantKind.TENANT_KIND_SUPPLIER);
        final String to = TenantCoreTesting.newEmail("hindi");
        save(team, List.of(to), NotificationLanguage.NOTIFICATION_LANGUAGE_HI);
        ec.guest(EnquiryServiceBlockingStub.class, "198.51.100.200").createEnquiry(
                request(team.tenantId(), "चंदेरी साड़ियाँ चाहिए")
                        .setEnquiry(EnquiryServiceTest.enquiry("चंदेरी साड़ियाँ चाहिए")
                                                      .setContact(EnquiryContact.newBuilder().setName("सीमा")
                                                                                .setEmail("seema@example.com")))
                        .build());
        awaitMail(to);
        final String[] mail = ec.tenantCore.mail.newest(to);
        assertThat(mail[0]).isEqualTo(team.name() + " के लिए सीमा की नई पूछताछ");
        assertThat(mail[1]).contains("नई पूछताछ आई है", "संदेश:", "चंदेरी साड़ियाँ चाहिए", "seema@example.com");
    }

    @Test
    void newEnquiry_withoutAddresses_enqueuesNoEmail() {
        final Team team = ec.supplier("Quiet Mills", TenantKind.TENANT_KIND_SUPPLIER);
        final Enquiry enquiry = ec.client(EnquiryServiceBlockingStub.class, ec.buyer())
                                  .createEnquiry(request(team.tenantId(), "hello").build());
        assertThat(mailJobs(enquiry)).isZero();
        save(team, List.of(), NotificationLanguage.NOTIFICATION_LANGUAGE_HI);
        final Enquiry second = ec.client(EnquiryServiceBlockingStub.class, ec.buyer())
                                 .createEnquiry(request(team.tenantId(), "hello again").build());
        assertThat(mailJobs(second)).isZero();
    }

    @Test
    void settings_defaultThenSaved_withMaskAndEtag() {
        final Team team = ec.supplier("Settings Co", TenantKind.TENANT_KIND_SUPPLIER);
        final NotificationSettingsServiceBlockingStub owner =
                ec.client(NotificationSettingsServiceBlockingStub.class, team.ownerToken());
        final NotificationSettings initial = owner.getNotificationSettings(
                GetNotificationSettingsRequest.newBuilder().setTenantId(team.tenantId()).build());
        assertThat(initial.getNotificationEmailsList()).isEmpty();
        assertThat(initial.getLanguage()).isEqualTo(NotificationLanguage.NOTIFICATION_LANGUAGE_EN);
        assertThat(initial.getEtag()).isEmpty();

        final NotificationSettings saved = save(team, List.of("a@example.com", "A@example.com", "b@example.com"),
                                                NotificationLanguage.NOTIFICATION_LANGUAGE_EN);
        assertThat(saved.getNotificationEmailsList()).containsExactly("a@example.com", "b@example.com");
        assertThat(saved.getEtag()).isEqualTo("1");

        final NotificationSettings hindi = owner.updateNotificationSettings(
                UpdateNotificationSettingsRequest.newBuilder()
                        .setSettings(NotificationSettings.newBuilder().setTenantId(team.tenantId())
                                                         .setLanguage(NotificationLanguage.NOTIFICATION_LANGUAGE_HI)
                                                         .setEtag(saved.getEtag()))
                        .setUpdateMask(FieldMask.newBuilder().addPaths("language"))
                        .build());
        assertThat(hindi.getLanguage()).isEqualTo(NotificationLanguage.NOTIFICATION_LANGUAGE_HI);
        assertThat(hindi.getNotificationEmailsList()).containsExactly("a@example.com", "b@example.com");

        assertThatThrownBy(() -> owner.updateNotificationSettings(UpdateNotificationSettingsRequest.newBuilder()
                .setSettings(NotificationSettings.newBuilder().setTenantId(team.tenantId()).setEtag(saved.getEtag()))
                .build()))
                .satisfies(e -> assertStatus(e, Status.Code.ABORTED, "ETAG_MISMATCH"));
        assertThatThrownBy(() -> owner.updateNotificationSettings(UpdateNotificationSettingsRequest.newBuilder()
                .setSettings(NotificationSettings.newBuilder().setTenantId(team.tenantId()))
                .setUpdateMask(FieldMask.newBuilder().addPaths("tenant_id")).build()))
                .satisfies(e -> assertStatus(e, Status.Code.INVALID_ARGUMENT, "INVALID_ARGUMENT"));
        assertThatThrownBy(() -> owner.updateNotificationSettings(UpdateNotificationSettingsRequest.newBuilder()
                .setSettings(NotificationSettings.newBuilder().setTenantId(team.tenantId())
                                                 .addNotificationEmails("not an address"))
                .build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> assertThat(e.getStatus().getCode())
                        .isEqualTo(Status.Code.INVALID_ARGUMENT));
    }

    @Test
    void settings_viewerReads_ownersAndAdminsChange() {
        final Team team = ec.supplier("Roles Co", TenantKind.TENANT_KIND_SUPPLIER);
        final GetNotificationSettingsRequest get = GetNotificationSettingsRequest.newBuilder()
                                                                                 .setTenantId(team.tenantId()).build();
        final UpdateNotificationSettingsRequest update = UpdateNotificationSettingsRequest.newBuilder()
                .setSettings(NotificationSettings.newBuilder().setTenantId(team.tenantId())
                                                 .addNotificationEmails("x@example.com"))
                .build();
        final NotificationSettingsServiceBlockingStub viewer =
                ec.client(NotificationSettingsServiceBlockingStub.class, ec.member(team, Role.ROLE_VIEWER));
        assertThat(viewer.getNotificationSettings(get).getTenantId()).isEqualTo(team.tenantId());
        assertThatThrownBy(() -> viewer.updateNotificationSettings(update))
                .satisfies(e -> assertStatus(e, Status.Code.PERMISSION_DENIED, "MISSING_PERMISSION"));
        final NotificationSettingsServiceBlockingStub stranger =
                ec.client(NotificationSettingsServiceBlockingStub.class, ec.buyer());
        assertThatThrownBy(() -> stranger.getNotificationSettings(get))
                .satisfies(e -> assertStatus(e, Status.Code.PERMISSION_DENIED, "MISSING_PERMISSION"));
        assertThat(ec.client(NotificationSettingsServiceBlockingStub.class, ec.member(team, Role.ROLE_ADMIN))
                     .updateNotificationSettings(update).getNotificationEmailsList()).containsExactly("x@example.com");
    }

    @Test
    void whereEnquiriesGo_isNotForRolesThatMayNotReadThem() {
        // Marketing may not read the inbox, so it may not send new enquiries, or the CRM's leads, elsewhere.
        final Team team = ec.supplier("Routing Co", TenantKind.TENANT_KIND_SUPPLIER);
        final String marketing = ec.member(team, Role.ROLE_MARKETING);
        assertThatThrownBy(() -> ec.client(NotificationSettingsServiceBlockingStub.class, marketing)
                .updateNotificationSettings(UpdateNotificationSettingsRequest.newBuilder().setSettings(
                        NotificationSettings.newBuilder().setTenantId(team.tenantId())
                                            .addNotificationEmails("me@elsewhere.example")).build()))
                .satisfies(e -> assertStatus(e, Status.Code.PERMISSION_DENIED, "MISSING_PERMISSION"));
        final CrmServiceBlockingStub crm = ec.client(CrmServiceBlockingStub.class, marketing);
        assertThatThrownBy(() -> crm.connectZoho(ConnectZohoRequest.newBuilder()
                .setTenantId(team.tenantId()).setClientId("1000.THEIRS").setClientSecret("s3cret")
                .setRefreshToken("1000.refresh").setDataCentre(ZohoDataCentre.ZOHO_DATA_CENTRE_IN).build()))
                .satisfies(e -> assertStatus(e, Status.Code.PERMISSION_DENIED, "MISSING_PERMISSION"));
        assertThatThrownBy(() -> crm.listFailedDeliveries(ListFailedDeliveriesRequest.newBuilder()
                .setTenantId(team.tenantId()).build()))
                .satisfies(e -> assertStatus(e, Status.Code.PERMISSION_DENIED, "MISSING_PERMISSION"));
    }

    private static NotificationSettings save(Team team, List<String> emails, NotificationLanguage language) {
        return ec.client(NotificationSettingsServiceBlockingStub.class, team.ownerToken())
                 .updateNotificationSettings(UpdateNotificationSettingsRequest.newBuilder().setSettings(
                         NotificationSettings.newBuilder().setTenantId(team.tenantId())
                                             .addAllNotificationEmails(emails).setLanguage(language)).build());
    }

    private static void awaitMail(String to) {
        Eventually.await(Duration.ofSeconds(20), "email to " + to, () -> ec.tenantCore.mail.count(to) > 0);
    }

    /** Jobs enqueued with the enquiry; the queue is system data, outside row-level security. */
    private static long mailJobs(Enquiry enquiry) {
        return ec.app.database().jdbi().withHandle(h -> h.createQuery(
                "select count(*) from jobs where queue = 'mail' and dedup_key like :key and tenant_id = :tenant")
                .bind("key", "enquiry_received:" + enquiry.getId() + "%")
                .bind("tenant", UUID.fromString(enquiry.getTenantId())).mapTo(Long.class).one());
    }
}
