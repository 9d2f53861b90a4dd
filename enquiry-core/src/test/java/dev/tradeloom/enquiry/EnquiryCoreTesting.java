package dev.tradeloom.enquiry;

import static org.assertj.core.api.Assertions.assertThat;

import java.text.ParseException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import com.linecorp.armeria.client.grpc.GrpcClientBuilder;
import com.linecorp.armeria.client.grpc.GrpcClients;
import com.nimbusds.jwt.SignedJWT;

import dev.tradeloom.api.v1.Role;
import dev.tradeloom.enquiry.domain.CrmSettings;
import dev.tradeloom.enquiry.domain.GuestLimits;
import dev.tradeloom.platform.crypto.SecretBox;
import dev.tradeloom.platform.db.DatabaseConfig;
import dev.tradeloom.platform.mail.MailConfig;
import dev.tradeloom.platform.queue.QueueWorkerSettings;
import dev.tradeloom.platform.testing.TestPostgres;
import dev.tradeloom.tenant.TenantCoreTesting;
import dev.tradeloom.tenant.v1.AcceptInvitationRequest;
import dev.tradeloom.tenant.v1.Address;
import dev.tradeloom.tenant.v1.CreateTenantRequest;
import dev.tradeloom.tenant.v1.InviteMemberRequest;
import dev.tradeloom.tenant.v1.LoginRequest;
import dev.tradeloom.tenant.v1.MemberServiceGrpc.MemberServiceBlockingStub;
import dev.tradeloom.tenant.v1.Tenant;
import dev.tradeloom.tenant.v1.TenantKind;
import dev.tradeloom.tenant.v1.TenantServiceGrpc.TenantServiceBlockingStub;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.AbstractStub;

/**
 * A real tenant-core and a real enquiry-core (wired as in production, each on its own fresh
 * embedded database), both sending email to one real in-process SMTP server.
 */
public final class EnquiryCoreTesting implements AutoCloseable {
    /**
     * The periodic supplier sync is slowed to an hour: an enquiry to a supplier the read-model lacks
     * catches up with the feed itself, and tests pull the feed when they need more.
     */
    private static final Duration SUPPLIER_SYNC_EVERY = Duration.ofHours(1);
    /**
     * The pulls those enquiries force are not spaced out either: tests create suppliers and send them
     * enquiries straight away. Only the test of the spacing sets one.
     */
    private static final Duration SUPPLIER_CATCH_UP_EVERY = Duration.ZERO;
    private static final QueueWorkerSettings JOBS = new QueueWorkerSettings(2, 32, Duration.ofSeconds(10),
                                                                            Duration.ofMillis(500),
                                                                            Duration.ofMillis(100),
                                                                            Duration.ofSeconds(1));

    /** Where no catalog-core listens: enquiries about a product are taken without its name. */
    public static final String NO_CATALOG_CORE = "http://127.0.0.1:1";

    public final TenantCoreTesting tenantCore;
    /** The running enquiry-core; {@link #restart} replaces it. */
    public EnquiryCoreApp app;
    public final DatabaseConfig dbConfig;

    private final boolean ownsTenantCore;
    private final EnquiryCoreConfig config;
    private final Clock clock;

    public EnquiryCoreTesting(GuestLimits guestLimits) {
        this(new TenantCoreTesting(), true, guestLimits, CrmSettings.disabled());
    }

    /** With CRM connections enabled: a fresh sealing key, and Zoho's accounts server at {@code zohoAccountsUrl}. */
    public EnquiryCoreTesting(GuestLimits guestLimits, String zohoAccountsUrl) {
        this(new TenantCoreTesting(), true, guestLimits, new CrmSettings(newBox(), zohoAccountsUrl));
    }

    /** With CRM connections enabled: secrets sealed by {@code box}, and Zoho's accounts server at {@code zohoAccountsUrl}. */
    public EnquiryCoreTesting(GuestLimits guestLimits, String zohoAccountsUrl, SecretBox box) {
        this(new TenantCoreTesting(), true, guestLimits, new CrmSettings(box, zohoAccountsUrl));
    }

    /**
     * With CRM connections enabled, enquiry-core's email going to the SMTP server on {@code smtpPort}
     * (not tenant-core's), and its outbox worker run with {@code jobs}.
     */
    public EnquiryCoreTesting(GuestLimits guestLimits, String zohoAccountsUrl, int smtpPort,
                              QueueWorkerSettings jobs) {
        this(new TenantCoreTesting(), true, guestLimits,
             new CrmSettings(newBox(), zohoAccountsUrl), smtpPort, jobs);
    }

    /** enquiry-core in front of an existing tenant-core, which it leaves running on close. */
    public EnquiryCoreTesting(TenantCoreTesting tenantCore, GuestLimits guestLimits) {
        this(tenantCore, NO_CATALOG_CORE, guestLimits);
    }

    /**
     * enquiry-core in front of an existing tenant-core, which it leaves running on close, asking the
     * catalog-core at {@code catalogCoreUrl} about the products enquiries name.
     */
    public EnquiryCoreTesting(TenantCoreTesting tenantCore, String catalogCoreUrl, GuestLimits guestLimits) {
        this(tenantCore, false, tenantCore.uri(), catalogCoreUrl, guestLimits, CrmSettings.disabled(),
             tenantCore.mail.port(), JOBS, SUPPLIER_CATCH_UP_EVERY, Clock.systemUTC());
    }

    /**
     * enquiry-core in front of an existing tenant-core, which it leaves running on close, calling it at
     * {@code tenantCoreUrl} (say, through a proxy that counts the calls; tokens are still checked against
     * tenant-core's own JWKS), and pulling its feed for unknown suppliers at most every
     * {@code catchUpEvery} by {@code clock}.
     */
    public EnquiryCoreTesting(TenantCoreTesting tenantCore, String tenantCoreUrl, GuestLimits guestLimits,
                              Duration catchUpEvery, Clock clock) {
        this(tenantCore, false, tenantCoreUrl, NO_CATALOG_CORE, guestLimits, CrmSettings.disabled(),
             tenantCore.mail.port(), JOBS, catchUpEvery, clock);
    }

    private EnquiryCoreTesting(TenantCoreTesting tenantCore, boolean ownsTenantCore, GuestLimits guestLimits,
                               CrmSettings crm) {
        this(tenantCore, ownsTenantCore, guestLimits, crm, tenantCore.mail.port(), JOBS);
    }

    private EnquiryCoreTesting(TenantCoreTesting tenantCore, boolean ownsTenantCore, GuestLimits guestLimits,
                               CrmSettings crm, int smtpPort, QueueWorkerSettings jobs) {
        this(tenantCore, ownsTenantCore, tenantCore.uri(), NO_CATALOG_CORE, guestLimits, crm, smtpPort, jobs,
             SUPPLIER_CATCH_UP_EVERY, Clock.systemUTC());
    }

    private EnquiryCoreTesting(TenantCoreTesting tenantCore, boolean ownsTenantCore, String tenantCoreUrl,
                               String catalogCoreUrl, GuestLimits guestLimits, CrmSettings crm, int smtpPort,
                               QueueWorkerSettings jobs, Duration catchUpEvery, Clock clock) {
        this.tenantCore = tenantCore;
        this.ownsTenantCore = ownsTenantCore;
        dbConfig = TestPostgres.newDatabase(EnquiryCoreConfig.SCHEMA);
        final MailConfig mail = new MailConfig("127.0.0.1", smtpPort, "", "", false,
                                               "Tradeloom <no-reply@tradeloom.local>", "http://localhost:8080");
        config = new EnquiryCoreConfig(0, dbConfig, mail, jobs, tenantCoreUrl, catalogCoreUrl,
                                       tenantCore.uri() + "/.well-known/jwks.json", guestLimits, crm,
                                       SUPPLIER_SYNC_EVERY, catchUpEvery);
        this.clock = clock;
        app = EnquiryCoreApp.start(config, clock);
    }

    /**
     * Stops enquiry-core and starts it again on the same database, with CRM secrets sealed by {@code box}, as a
     * new version or a new setting is rolled out; when the start fails, enquiry-core stays stopped until a
     * restart succeeds.
     */
    public void restart(SecretBox box) {
        app.close();
        final EnquiryCoreConfig restarted = new EnquiryCoreConfig(
                config.port(), config.database(), config.mail(), config.jobs(), config.tenantCoreUrl(),
                config.catalogCoreUrl(), config.jwksUrl(), config.guestLimits(),
                new CrmSettings(box, config.crm().zohoAccountsUrl()), config.supplierSyncEvery(),
                config.supplierCatchUpEvery());
        app = EnquiryCoreApp.start(restarted, clock);
    }

    private static SecretBox newBox() {
        return SecretBox.fromBase64(CrmSettings.SECRET_KEY, newKey());
    }

    /** 32 random bytes in base64, as CRM_SECRET_KEY expects. */
    public static String newKey() {
        final byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    public String uri() {
        return app.uri();
    }

    /** A blocking stub of {@code type} on enquiry-core, signed in with {@code accessToken} when not null. */
    public <T extends AbstractStub<T>> T client(Class<T> type, @Nullable String accessToken) {
        return builder(accessToken).build(type);
    }

    /** A signed-in user's stub as the edge would forward it: their token, their address in x-forwarded-for. */
    public <T extends AbstractStub<T>> T client(Class<T> type, String accessToken, String clientAddress) {
        return builder(accessToken).addHeader("x-forwarded-for", clientAddress).build(type);
    }

    /** A guest's stub as the edge would forward it: no token, the guest's address in x-forwarded-for. */
    public <T extends AbstractStub<T>> T guest(Class<T> type, String clientAddress) {
        return builder(null).addHeader("x-forwarded-for", clientAddress).build(type);
    }

    private GrpcClientBuilder builder(@Nullable String accessToken) {
        final GrpcClientBuilder builder = GrpcClients.builder(uri());
        if (accessToken != null) {
            builder.addHeader("authorization", "Bearer " + accessToken);
        }
        return builder;
    }

    /** A new supplier tenant and its owner's access token. */
    public Team supplier(String name, TenantKind kind) {
        final String ownerEmail = TenantCoreTesting.newEmail("owner");
        final String owner = tenantCore.signUp(ownerEmail);
        final String slug = "s-" + UUID.randomUUID().toString().substring(0, 12);
        final Tenant tenant = tenantCore.client(TenantServiceBlockingStub.class, owner).createTenant(
                CreateTenantRequest.newBuilder()
                                   .setTenant(Tenant.newBuilder().setSlug(slug).setName(name + ' ' + slug)
                                                    .setKind(kind).setCategory("Textiles")
                                                    .setAddress(Address.newBuilder().setCity("Surat")
                                                                       .setCountry("IN")))
                                   .build());
        // A fresh token: the owner's membership is carried by tokens issued after creation.
        return new Team(tenant.getId(), tenant.getName(), ownerEmail, login(ownerEmail));
    }

    /** A new account that joined {@code team} as {@code role}; returns its access token. */
    public String member(Team team, Role role) {
        final String email = TenantCoreTesting.newEmail(role.name().toLowerCase(Locale.ROOT));
        final String token = tenantCore.signUp(email);
        tenantCore.client(MemberServiceBlockingStub.class, team.ownerToken())
                  .inviteMember(InviteMemberRequest.newBuilder().setTenantId(team.tenantId()).setEmail(email)
                                                   .setRole(role).build());
        tenantCore.client(MemberServiceBlockingStub.class, token).acceptInvitation(
                AcceptInvitationRequest.newBuilder().setToken(tenantCore.mail.last("invitation", email)).build());
        return login(email);
    }

    /** A signed-in account of no tenant; returns its access token. */
    public String buyer() {
        return tenantCore.signUp(TenantCoreTesting.newEmail("buyer"));
    }

    /** The user id of an access token (its subject). */
    public static String userId(String accessToken) {
        try {
            return SignedJWT.parse(accessToken).getJWTClaimsSet().getSubject();
        } catch (ParseException e) {
            throw new AssertionError("not a JWT: " + accessToken, e);
        }
    }

    public String login(String email) {
        return tenantCore.auth(null).login(LoginRequest.newBuilder().setEmail(email)
                                                       .setPassword(TenantCoreTesting.PASSWORD).build())
                         .getTokens().getAccessToken();
    }

    public static void assertStatus(Throwable e, Status.Code code, String reason) {
        assertThat(e).isInstanceOf(StatusRuntimeException.class);
        final StatusRuntimeException sre = (StatusRuntimeException) e;
        assertThat(sre.getStatus().getCode()).as(sre.getStatus().toString()).isEqualTo(code);
        assertThat(TenantCoreTesting.reason(sre)).isEqualTo(reason);
    }

    /** A supplier tenant and its owner. */
    public record Team(String tenantId, String name, String ownerEmail, String ownerToken) {}

    @Override
    public void close() {
        app.close();
        if (ownsTenantCore) {
            tenantCore.close();
        }
    }
}
