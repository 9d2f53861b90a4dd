package dev.tradeloom.tenant.api;

import static dev.tradeloom.tenant.TenantCoreTesting.PASSWORD;
import static dev.tradeloom.tenant.TenantCoreTesting.newEmail;
import static dev.tradeloom.tenant.api.TenantServiceTest.assertStatus;
import static dev.tradeloom.tenant.api.TenantServiceTest.slug;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.google.rpc.BadRequest;

import dev.tradeloom.tenant.TenantCoreTesting;
import dev.tradeloom.tenant.v1.Address;
import dev.tradeloom.tenant.v1.CreateTenantRequest;
import dev.tradeloom.tenant.v1.GetTenantRequest;
import dev.tradeloom.tenant.v1.ListMyTenantsRequest;
import dev.tradeloom.tenant.v1.ListTenantChangesRequest;
import dev.tradeloom.tenant.v1.LoginRequest;
import dev.tradeloom.tenant.v1.LookupTenantRequest;
import dev.tradeloom.tenant.v1.ReactivateTenantRequest;
import dev.tradeloom.tenant.v1.RegisterRequest;
import dev.tradeloom.tenant.v1.SearchCompaniesRequest;
import dev.tradeloom.tenant.v1.SuspendTenantRequest;
import dev.tradeloom.tenant.v1.Tenant;
import dev.tradeloom.tenant.v1.TenantChange;
import dev.tradeloom.tenant.v1.TenantKind;
import dev.tradeloom.tenant.v1.TenantMembership;
import dev.tradeloom.tenant.v1.TenantServiceGrpc.TenantServiceBlockingStub;
import dev.tradeloom.tenant.v1.TenantStatus;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/** Platform operators suspend and reactivate tenants; everyone else sees what suspension leaves public. */
class TenantSuspensionTest {
    private static final String OPERATOR = newEmail("operator");
    /** Listed too, but never verified. */
    private static final String UNPROVEN_OPERATOR = newEmail("unproven");

    private static TenantCoreTesting tc;
    private static TenantServiceBlockingStub operator;
    private static TenantServiceBlockingStub owner;
    private static TenantServiceBlockingStub stranger;
    private static TenantServiceBlockingStub anonymous;

    @BeforeAll
    static void start() {
        tc = TenantCoreTesting.withPlatformAdmins(OPERATOR, UNPROVEN_OPERATOR);
        operator = tc.client(TenantServiceBlockingStub.class, tc.signUp(OPERATOR));
        owner = tc.client(TenantServiceBlockingStub.class, tc.signUp(newEmail("owner")));
        stranger = tc.client(TenantServiceBlockingStub.class, tc.signUp(newEmail("stranger")));
        anonymous = tc.client(TenantServiceBlockingStub.class, null);
    }

    @AfterAll
    static void stop() {
        tc.close();
    }

    @Test
    void suspend_hidesTheTenant_showsTheReasonToMembersAndOperators_andReactivateUndoesIt() {
        final String city = "Town " + UUID.randomUUID();
        final Tenant created = owner.createTenant(create(city));
        final long before = lastSeq();
        assertThat(searchIn(city)).containsExactly(created.getId());

        final Tenant suspended = operator.suspendTenant(SuspendTenantRequest.newBuilder()
                .setTenantId(created.getId()).setReason("  Counterfeit listings reported by buyers  ")
                .setEtag(created.getEtag()).build());
        assertThat(suspended.getStatus()).isEqualTo(TenantStatus.TENANT_STATUS_SUSPENDED);
        assertThat(suspended.getSuspensionReason()).isEqualTo("Counterfeit listings reported by buyers");
        assertThat(suspended.getEtag()).isNotEqualTo(created.getEtag());
        assertThat(suspended.getName()).isEqualTo(created.getName());

        // The public and other users no longer find it.
        assertThat(searchIn(city)).isEmpty();
        for (TenantServiceBlockingStub outsider : List.of(anonymous, stranger)) {
            assertThatThrownBy(() -> outsider.getTenant(get(created)))
                    .satisfies(e -> assertStatus(e, Status.Code.NOT_FOUND, "TENANT_NOT_FOUND"));
        }
        assertThatThrownBy(() -> anonymous.lookupTenant(LookupTenantRequest.newBuilder()
                                                                          .setSlug(created.getSlug()).build()))
                .satisfies(e -> assertStatus(e, Status.Code.NOT_FOUND, "TENANT_NOT_FOUND"));
        // Its members and operators see it, with the reason.
        for (TenantServiceBlockingStub insider : List.of(owner, operator)) {
            final Tenant seen = insider.getTenant(get(created));
            assertThat(seen.getStatus()).isEqualTo(TenantStatus.TENANT_STATUS_SUSPENDED);
            assertThat(seen.getSuspensionReason()).isEqualTo("Counterfeit listings reported by buyers");
        }
        assertThat(membership(created).getTenant().getSuspensionReason())
                .isEqualTo("Counterfeit listings reported by buyers");
        // The feed tells the other services, with the kind and status only.
        final TenantChange change = latestChange(before, created);
        assertThat(change.getStatus()).isEqualTo(TenantStatus.TENANT_STATUS_SUSPENDED);
        assertThat(change.getName()).isEmpty();

        // Again: nothing changes; with another reason, the reason does.
        assertThat(operator.suspendTenant(SuspendTenantRequest.newBuilder().setTenantId(created.getId())
                .setReason("Counterfeit listings reported by buyers").build())).isEqualTo(suspended);
        final Tenant reworded = operator.suspendTenant(SuspendTenantRequest.newBuilder()
                .setTenantId(created.getId()).setReason("Unpaid fees").build());
        assertThat(reworded.getSuspensionReason()).isEqualTo("Unpaid fees");
        assertThat(reworded.getEtag()).isNotEqualTo(suspended.getEtag());

        final long beforeReactivation = lastSeq();
        final Tenant reactivated = operator.reactivateTenant(ReactivateTenantRequest.newBuilder()
                .setTenantId(created.getId()).setEtag(reworded.getEtag()).build());
        assertThat(reactivated.getStatus()).isEqualTo(TenantStatus.TENANT_STATUS_ACTIVE);
        assertThat(reactivated.getSuspensionReason()).isEmpty();
        assertThat(reactivated.getEtag()).isNotEqualTo(reworded.getEtag());
        assertThat(searchIn(city)).containsExactly(created.getId());
        assertThat(anonymous.getTenant(get(created)).getSuspensionReason()).isEmpty();
        assertThat(latestChange(beforeReactivation, created).getName()).isEqualTo(created.getName());
        assertThat(operator.reactivateTenant(ReactivateTenantRequest.newBuilder().setTenantId(created.getId())
                                                                    .build())).isEqualTo(reactivated);
    }

    @Test
    void aStaleEtag_isAborted_andChangesNothing() {
        final Tenant created = owner.createTenant(create("Madurai"));
        assertThatThrownBy(() -> operator.suspendTenant(SuspendTenantRequest.newBuilder()
                .setTenantId(created.getId()).setReason("Spam").setEtag("99").build()))
                .satisfies(e -> assertStatus(e, Status.Code.ABORTED, "ETAG_MISMATCH"));
        assertThat(anonymous.getTenant(get(created))).isEqualTo(created);

        final Tenant suspended = operator.suspendTenant(SuspendTenantRequest.newBuilder()
                .setTenantId(created.getId()).setReason("Spam").build());
        assertThatThrownBy(() -> operator.reactivateTenant(ReactivateTenantRequest.newBuilder()
                .setTenantId(created.getId()).setEtag(created.getEtag()).build()))
                .satisfies(e -> assertStatus(e, Status.Code.ABORTED, "ETAG_MISMATCH"));
        assertThat(owner.getTenant(get(created))).isEqualTo(suspended);
    }

    @Test
    void onlyOperators_mayCallThem_notTheTenantsOwner_norAnUnverifiedOperatorAddress() {
        final Tenant created = owner.createTenant(create("Surat"));
        tc.auth(null).register(RegisterRequest.newBuilder().setEmail(UNPROVEN_OPERATOR).setPassword(PASSWORD)
                                              .setDisplayName("Unproven").build());
        final TenantServiceBlockingStub unproven = tc.client(TenantServiceBlockingStub.class, tc.auth(null).login(
                LoginRequest.newBuilder().setEmail(UNPROVEN_OPERATOR).setPassword(PASSWORD).build())
                .getTokens().getAccessToken());
        final SuspendTenantRequest suspend = SuspendTenantRequest.newBuilder().setTenantId(created.getId())
                                                                 .setReason("Mine now").build();
        final ReactivateTenantRequest reactivate = ReactivateTenantRequest.newBuilder()
                                                                          .setTenantId(created.getId()).build();
        for (TenantServiceBlockingStub notOperator : List.of(owner, unproven)) {
            assertThatThrownBy(() -> notOperator.suspendTenant(suspend))
                    .satisfies(e -> assertStatus(e, Status.Code.PERMISSION_DENIED, "PLATFORM_ADMIN_REQUIRED"));
            assertThatThrownBy(() -> notOperator.reactivateTenant(reactivate))
                    .satisfies(e -> assertStatus(e, Status.Code.PERMISSION_DENIED, "PLATFORM_ADMIN_REQUIRED"));
        }
        assertThatThrownBy(() -> anonymous.suspendTenant(suspend))
                .satisfies(e -> assertStatus(e, Status.Code.UNAUTHENTICATED, "SIGN_IN_REQUIRED"));
        assertThat(anonymous.getTenant(get(created)).getStatus()).isEqualTo(TenantStatus.TENANT_STATUS_ACTIVE);
    }

    @Test
    void badInput_isInvalidArgument_namingTheField_andAnUnknownTenantIsNotFound() {
        final Tenant created = owner.createTenant(create("Jaipur"));
        final SuspendTenantRequest valid = SuspendTenantRequest.newBuilder().setTenantId(created.getId())
                                                               .setReason("Spam").build();
        assertThat(violatedField(valid.toBuilder().setReason("").build())).isEqualTo("reason");
        assertThat(violatedField(valid.toBuilder().setReason(" \t\n ").build())).isEqualTo("reason");
        assertThat(violatedField(valid.toBuilder().setReason("x".repeat(501)).build())).isEqualTo("reason");
        assertThat(violatedField(valid.toBuilder().setTenantId("acme").build())).isEqualTo("tenant_id");
        assertThat(anonymous.getTenant(get(created)).getStatus()).isEqualTo(TenantStatus.TENANT_STATUS_ACTIVE);

        final String unknown = UUID.randomUUID().toString();
        assertThatThrownBy(() -> operator.suspendTenant(valid.toBuilder().setTenantId(unknown).build()))
                .satisfies(e -> assertStatus(e, Status.Code.NOT_FOUND, "TENANT_NOT_FOUND"));
        assertThatThrownBy(() -> operator.reactivateTenant(ReactivateTenantRequest.newBuilder()
                                                                                  .setTenantId(unknown).build()))
                .satisfies(e -> assertStatus(e, Status.Code.NOT_FOUND, "TENANT_NOT_FOUND"));
    }

    private static String violatedField(SuspendTenantRequest request) {
        try {
            operator.suspendTenant(request);
        } catch (StatusRuntimeException e) {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            final List<BadRequest.FieldViolation> violations = TenantCoreTesting.badRequest(e)
                                                                                .getFieldViolationsList();
            assertThat(violations).hasSize(1);
            return violations.get(0).getField();
        }
        throw new AssertionError("accepted: " + request);
    }

    private static CreateTenantRequest create(String city) {
        return CreateTenantRequest.newBuilder().setTenant(
                Tenant.newBuilder().setSlug(slug("suspendable")).setName("Meera Handlooms")
                      .setKind(TenantKind.TENANT_KIND_SUPPLIER).setCategory("Handloom cotton")
                      .setAddress(Address.newBuilder().setCity(city).setCountry("IN"))).build();
    }

    private static GetTenantRequest get(Tenant tenant) {
        return GetTenantRequest.newBuilder().setTenantId(tenant.getId()).build();
    }

    /** The ids of the companies the public finds in {@code city}. */
    private static List<String> searchIn(String city) {
        return anonymous.searchCompanies(SearchCompaniesRequest.newBuilder().setCity(city).build())
                        .getResultsList().stream().map(r -> r.getTenant().getId()).toList();
    }

    private static TenantMembership membership(Tenant tenant) {
        return owner.listMyTenants(ListMyTenantsRequest.newBuilder().setPageSize(100).build())
                    .getMembershipsList().stream()
                    .filter(m -> m.getTenant().getId().equals(tenant.getId())).findFirst().orElseThrow();
    }

    /** The seq of the feed's last change. */
    private static long lastSeq() {
        long seq = 0;
        while (true) {
            final var page = anonymous.listTenantChanges(ListTenantChangesRequest.newBuilder().setAfterSeq(seq)
                                                                                .setPageSize(1000).build());
            if (page.getChangesCount() == 0) {
                return seq;
            }
            seq = page.getLastSeq();
        }
    }

    private static TenantChange latestChange(long afterSeq, Tenant tenant) {
        return anonymous.listTenantChanges(ListTenantChangesRequest.newBuilder().setAfterSeq(afterSeq).build())
                        .getChangesList().stream().filter(c -> c.getTenantId().equals(tenant.getId()))
                        .findFirst().orElseThrow(() -> new AssertionError("no change of " + tenant.getId()));
    }
}
