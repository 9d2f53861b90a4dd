package dev.tradeloom.catalog;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

import com.linecorp.armeria.client.grpc.GrpcClients;

import dev.tradeloom.api.v1.Role;
import dev.tradeloom.platform.db.DatabaseConfig;
import dev.tradeloom.platform.storage.StorageConfig;
import dev.tradeloom.platform.testing.TestPostgres;
import dev.tradeloom.platform.testing.TestS3;
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
import io.grpc.stub.AbstractStub;

/**
 * A running catalog-core on a fresh embedded database, wired exactly as in production, verifying
 * tokens of and following the change feed of a real tenant-core. The periodic supplier sync is
 * slowed to an hour, and so are the recount of suggestion words and the upload sweep: tests pull the
 * feed, recount and sweep themselves when they need it, so no test waits on a timer.
 */
public final class CatalogCoreTesting implements AutoCloseable {
    public final TenantCoreTesting tenantCore;
    public final CatalogCoreApp app;
    public final DatabaseConfig dbConfig;
    public final StorageConfig storage;

    /** The image size limit of test instances: small, so oversize files are cheap to make. */
    public static final int MAX_IMAGE_BYTES = 64 * 1024;
    /** The public host catalog-core names in links: its default, where no edge listens during these tests. */
    public static final String PUBLIC_BASE_URL = CatalogCoreConfig.DEFAULT_PUBLIC_BASE_URL;

    private final boolean ownsTenantCore;

    /** A supplier tenant and its owner's access token (issued after the tenant existed, so it carries the role). */
    public record Seller(String tenantId, String slug, String email, String token) {}

    public CatalogCoreTesting() {
        this(new TenantCoreTesting(), true);
    }

    /** A catalog-core in front of an existing tenant-core, which it leaves running on close. */
    public CatalogCoreTesting(TenantCoreTesting tenantCore) {
        this(tenantCore, false);
    }

    private CatalogCoreTesting(TenantCoreTesting tenantCore, boolean ownsTenantCore) {
        this.tenantCore = tenantCore;
        this.ownsTenantCore = ownsTenantCore;
        dbConfig = TestPostgres.newDatabase(CatalogCoreConfig.SCHEMA);
        storage = TestS3.newBucket("", MAX_IMAGE_BYTES);
        app = CatalogCoreApp.start(new CatalogCoreConfig(0, dbConfig, tenantCore.uri(),
                                                         tenantCore.uri() + "/.well-known/jwks.json",
                                                         Duration.ofHours(1), storage, Duration.ofHours(1),
                                                         Duration.ofHours(1)));
    }

    public String uri() {
        return app.uri();
    }

    /** A blocking stub of catalog-core's {@code type}, signed in with {@code accessToken} when not null. */
    public <T extends AbstractStub<T>> T client(Class<T> type, @Nullable String accessToken) {
        final var builder = GrpcClients.builder(uri());
        if (accessToken != null) {
            builder.addHeader("authorization", "Bearer " + accessToken);
        }
        return builder.build(type);
    }

    /** Signs up an owner, creates a supplier tenant in {@code city} speaking {@code language}, syncs suppliers. */
    public Seller seller(String who, String city, String language) {
        final String email = TenantCoreTesting.newEmail(who);
        final String first = tenantCore.signUp(email);
        final String slug = who + '-' + java.util.UUID.randomUUID().toString().substring(0, 8);
        final Tenant tenant = tenantCore.client(TenantServiceBlockingStub.class, first).createTenant(
                CreateTenantRequest.newBuilder().setTenant(
                        Tenant.newBuilder().setSlug(slug).setName("Shop " + slug)
                              .setKind(TenantKind.TENANT_KIND_SUPPLIER).setDefaultLanguage(language)
                              .setAddress(Address.newBuilder().setCity(city).setCountry("IN"))).build());
        syncSuppliers();
        return new Seller(tenant.getId(), slug, email, login(email));
    }

    /** A new user with {@code role} in the seller's tenant, invited and accepted; returns their token. */
    public String member(Seller seller, Role role) {
        final String email = TenantCoreTesting.newEmail(role.name().toLowerCase(java.util.Locale.ROOT));
        final String first = tenantCore.signUp(email);
        tenantCore.client(MemberServiceBlockingStub.class, seller.token()).inviteMember(
                InviteMemberRequest.newBuilder().setTenantId(seller.tenantId()).setEmail(email).setRole(role).build());
        tenantCore.client(MemberServiceBlockingStub.class, first).acceptInvitation(
                AcceptInvitationRequest.newBuilder().setToken(tenantCore.mail.last("invitation", email)).build());
        return login(email);
    }

    /** A fresh access token for {@code email}, carrying the memberships it has now. */
    public String login(String email) {
        return tenantCore.auth(null).login(LoginRequest.newBuilder().setEmail(email)
                                                       .setPassword(TenantCoreTesting.PASSWORD).build())
                         .getTokens().getAccessToken();
    }

    /** Recounts the words product suggestions offer now, as the periodic recount would. */
    public void refreshSearchTerms() {
        app.searchTerms().refresh();
    }

    /** Sweeps image uploads never completed as if it were {@code now}; returns how many were deleted. */
    public int sweepUploads(Instant now) {
        return app.uploadSweep().sweep(now);
    }

    /** Pulls tenant-core's change feed now, as the periodic sync would. */
    public int syncSuppliers() {
        return app.supplierSync().pull();
    }

    @Override
    public void close() {
        app.close();
        if (ownsTenantCore) {
            tenantCore.close();
        }
    }
}
