package dev.tradeloom.tenant.api;

import static dev.tradeloom.tenant.TenantCoreTesting.newEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.google.protobuf.FieldMask;

import dev.tradeloom.api.v1.Role;
import dev.tradeloom.platform.api.PageTokens;
import dev.tradeloom.platform.db.Scope;
import dev.tradeloom.platform.db.Transactor;
import dev.tradeloom.platform.testing.Eventually;
import dev.tradeloom.tenant.TenantCoreTesting;
import dev.tradeloom.tenant.v1.Address;
import dev.tradeloom.tenant.v1.AuthServiceGrpc.AuthServiceBlockingStub;
import dev.tradeloom.tenant.v1.CreateTenantRequest;
import dev.tradeloom.tenant.v1.DeleteTenantRequest;
import dev.tradeloom.tenant.v1.GetCurrentUserRequest;
import dev.tradeloom.tenant.v1.GetTenantRequest;
import dev.tradeloom.tenant.v1.ListMyTenantsRequest;
import dev.tradeloom.tenant.v1.ListMyTenantsResponse;
import dev.tradeloom.tenant.v1.ListTenantChangesRequest;
import dev.tradeloom.tenant.v1.ListTenantChangesResponse;
import dev.tradeloom.tenant.v1.LookupTenantRequest;
import dev.tradeloom.tenant.v1.SearchCompaniesRequest;
import dev.tradeloom.tenant.v1.SearchCompaniesResponse;
import dev.tradeloom.tenant.v1.Tenant;
import dev.tradeloom.tenant.v1.TenantChange;
import dev.tradeloom.tenant.v1.TenantKind;
import dev.tradeloom.tenant.v1.TenantServiceGrpc.TenantServiceBlockingStub;
import dev.tradeloom.tenant.v1.TenantStatus;
import dev.tradeloom.tenant.v1.UpdateTenantRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

class TenantServiceTest {
    private static TenantCoreTesting tc;
    private static String ownerToken;
    private static TenantServiceBlockingStub owner;

    @BeforeAll
    static void start() {
        tc = new TenantCoreTesting();
        ownerToken = tc.signUp(newEmail("owner"));
        owner = tc.client(TenantServiceBlockingStub.class, ownerToken);
    }

    @AfterAll
    static void stop() {
        tc.close();
    }

    @Test
    void createTenant_makesTheCallerOwner_andAppliesDefaults() {
        final Tenant created = owner.createTenant(create(slug("asha"), null));
        assertThat(created.getId()).isNotEmpty();
        assertThat(created.getDefaultCurrency()).isEqualTo("INR");
        assertThat(created.getDefaultLanguage()).isEqualTo("en");
        assertThat(created.getEtag()).isEqualTo("1");
        final ListMyTenantsResponse mine = owner.listMyTenants(ListMyTenantsRequest.getDefaultInstance());
        assertThat(mine.getMembershipsList()).anySatisfy(m -> {
            assertThat(m.getTenant().getId()).isEqualTo(created.getId());
            assertThat(m.getRole()).isEqualTo(Role.ROLE_OWNER);
        });
    }

    @Test
    void createTenant_sameRequestIdTwice_returnsTheFirstTenant() {
        final String requestId = UUID.randomUUID().toString();
        final Tenant first = owner.createTenant(create(slug("idem"), requestId));
        final Tenant again = owner.createTenant(create(slug("idem-other"), requestId));
        assertThat(again.getId()).isEqualTo(first.getId());
        assertThat(again.getSlug()).isEqualTo(first.getSlug());
    }

    @Test
    void createTenant_takenSlug_isAlreadyExists_andMissingName_isInvalid() {
        final String slug = slug("taken");
        owner.createTenant(create(slug, null));
        assertThatThrownBy(() -> owner.createTenant(create(slug, null)))
                .satisfies(e -> assertStatus(e, Status.Code.ALREADY_EXISTS, "SLUG_TAKEN"));
        final CreateTenantRequest nameless = CreateTenantRequest.newBuilder().setTenant(
                create(slug("nameless"), null).getTenant().toBuilder().clearName()).build();
        assertThatThrownBy(() -> owner.createTenant(nameless))
                .satisfies(e -> {
                    assertStatus(e, Status.Code.INVALID_ARGUMENT, "INVALID_ARGUMENT");
                    assertThat(TenantCoreTesting.badRequest((StatusRuntimeException) e).getFieldViolations(0)
                                                .getField()).isEqualTo("tenant.name");
                });
        final CreateTenantRequest badSlug = create("Not A Slug!", null);
        assertThatThrownBy(() -> owner.createTenant(badSlug))
                .satisfies(e -> assertStatus(e, Status.Code.INVALID_ARGUMENT, "INVALID_ARGUMENT"));
    }

    @Test
    void profileLinksAndImages_mustBeHttpUrls_andTheEmailAnAddress() {
        final Tenant base = create(slug("links"), null).getTenant();
        final Map<String, Tenant> refused = Map.of(
                "tenant.website", base.toBuilder().setWebsite("javascript:alert(document.cookie)").build(),
                "tenant.logo_url", base.toBuilder().setLogoUrl("http://").build(),
                "tenant.hero_image_url", base.toBuilder().setHeroImageUrl("data:text/html,<script>1</script>").build(),
                "tenant.gallery_urls[1]", base.toBuilder().addGalleryUrls("https://cdn.example/a.jpg")
                                             .addGalleryUrls("file:///etc/passwd").build(),
                "tenant.email", base.toBuilder().setEmail("sales at asha").build());
        refused.forEach((field, tenant) -> assertThatThrownBy(
                () -> owner.createTenant(CreateTenantRequest.newBuilder().setTenant(tenant).build()))
                .as(field)
                .satisfies(e -> {
                    assertStatus(e, Status.Code.INVALID_ARGUMENT, "INVALID_ARGUMENT");
                    assertThat(TenantCoreTesting.badRequest((StatusRuntimeException) e).getFieldViolations(0)
                                                .getField()).isEqualTo(field);
                }));

        final Tenant created = owner.createTenant(CreateTenantRequest.newBuilder().setTenant(
                base.toBuilder().setWebsite("https://asha.example/").setLogoUrl("https://cdn.example/logo.png")
                    .addGalleryUrls("http://cdn.example/loom.jpg").setEmail("sales@asha.example")).build());
        assertThat(created.getWebsite()).isEqualTo("https://asha.example/");
        assertThat(created.getGalleryUrlsList()).containsExactly("http://cdn.example/loom.jpg");
    }

    @Test
    void updateTenant_appliesOnlyMaskedFields_andStaleEtagIsAborted() {
        final Tenant created = owner.createTenant(create(slug("mask"), null));
        final Tenant patch = Tenant.newBuilder().setId(created.getId()).setEtag(created.getEtag())
                                   .setName("Asha Silk House").setDescription("ignored, not in the mask")
                                   .setAddress(Address.newBuilder().setCity("Kanchipuram")).build();
        final Tenant updated = owner.updateTenant(UpdateTenantRequest.newBuilder().setTenant(patch)
                .setUpdateMask(FieldMask.newBuilder().addPaths("name").addPaths("address.city")).build());

        assertThat(updated.getName()).isEqualTo("Asha Silk House");
        assertThat(updated.getAddress().getCity()).isEqualTo("Kanchipuram");
        assertThat(updated.getAddress().getState()).isEqualTo("Tamil Nadu");
        assertThat(updated.getDescription()).isEqualTo(created.getDescription());
        assertThat(updated.getEtag()).isEqualTo("2");

        assertThatThrownBy(() -> owner.updateTenant(UpdateTenantRequest.newBuilder().setTenant(patch)
                .setUpdateMask(FieldMask.newBuilder().addPaths("name")).build()))
                .satisfies(e -> assertStatus(e, Status.Code.ABORTED, "ETAG_MISMATCH"));
        assertThatThrownBy(() -> owner.updateTenant(UpdateTenantRequest.newBuilder()
                .setTenant(patch.toBuilder().clearEtag())
                .setUpdateMask(FieldMask.newBuilder().addPaths("status")).build()))
                .satisfies(e -> assertStatus(e, Status.Code.INVALID_ARGUMENT, "INVALID_ARGUMENT"));
    }

    @Test
    void aCreateThatRacesAnotherWithTheSameRequestId_replaysTheOthersTenant() throws Exception {
        final UUID requestId = UUID.randomUUID();
        final UUID earlierId = UUID.randomUUID();
        final String slug = slug("racing");
        final UUID ownerId = UUID.fromString(tc.client(AuthServiceBlockingStub.class, ownerToken)
                                               .getCurrentUser(GetCurrentUserRequest.getDefaultInstance()).getId());
        final ExecutorService caller = Executors.newSingleThreadExecutor();
        // The other call has inserted its tenant and not committed yet: this call's lookup cannot see it, and
        // its insert waits on the slug until the other commits.
        try (Handle other = tc.db().jdbi().open()) {
            other.begin();
            Transactor.actAs(other, new Scope(earlierId, ownerId));
            other.createUpdate("""
                    insert into tenants (id, slug, kind, name, created_by, create_request_id)
                    values (:id, :slug, 'supplier', 'Racing Silks', :owner, :requestId)""")
                 .bind("id", earlierId).bind("slug", slug).bind("owner", ownerId).bind("requestId", requestId)
                 .execute();
            final Future<Tenant> racing = caller.submit(() -> owner.createTenant(create(slug,
                                                                                          requestId.toString())));
            Eventually.await(Duration.ofSeconds(30), "the racing insert waits for the other transaction",
                             () -> tc.db().jdbi().withHandle(h -> h.createQuery("""
                                     select count(*) from pg_stat_activity
                                      where wait_event_type = 'Lock' and query like 'insert into tenants%'""")
                                     .mapTo(Long.class).one()) == 1);
            other.commit();
            assertThat(racing.get(30, TimeUnit.SECONDS).getId()).isEqualTo(earlierId.toString());
        } finally {
            caller.shutdownNow();
        }
    }

    @Test
    void renamingToTheSlugOfATenantOneCannotSee_isAlreadyExists() {
        final Tenant hidden = owner.createTenant(create(slug("hidden"), null));
        final UUID hiddenId = UUID.fromString(hidden.getId());
        assertThat(tc.db().jdbi().<Integer, RuntimeException>inTransaction(h -> {
            Transactor.actAs(h, Scope.tenant(hiddenId));
            return h.createUpdate("update tenants set status = 'suspended' where id = :id").bind("id", hiddenId)
                    .execute();
        })).isEqualTo(1);
        final Tenant other = owner.createTenant(create(slug("renamer"), null));
        assertThatThrownBy(() -> owner.updateTenant(UpdateTenantRequest.newBuilder()
                .setTenant(Tenant.newBuilder().setId(other.getId()).setSlug(hidden.getSlug()))
                .setUpdateMask(FieldMask.newBuilder().addPaths("slug")).build()))
                .satisfies(e -> assertStatus(e, Status.Code.ALREADY_EXISTS, "SLUG_TAKEN"));
    }

    @Test
    void theChangeFeed_reportsASuspendedTenantsStatus_butNotItsProfile() {
        // The feed is public, as company search is; a suspended tenant is hidden there, so here too.
        final TenantServiceBlockingStub anonymous = tc.client(TenantServiceBlockingStub.class, null);
        final Tenant suspended = owner.createTenant(create(slug("suspended"), null));
        final long before = lastSeq(anonymous);
        final UUID id = UUID.fromString(suspended.getId());
        tc.db().jdbi().<Integer, RuntimeException>inTransaction(h -> {
            Transactor.actAs(h, Scope.tenant(id));
            return h.createUpdate("update tenants set status = 'suspended' where id = :id").bind("id", id).execute();
        });
        final TenantChange change = anonymous.listTenantChanges(ListTenantChangesRequest.newBuilder()
                .setAfterSeq(before).build()).getChangesList().stream()
                .filter(c -> c.getTenantId().equals(suspended.getId())).findFirst().orElseThrow();
        assertThat(change.getStatus()).isEqualTo(TenantStatus.TENANT_STATUS_SUSPENDED);
        assertThat(change.getDeleted()).isFalse();
        assertThat(List.of(change.getName(), change.getSlug(), change.getCity())).containsOnly("");
    }

    @Test
    void updateTenant_byViewerOrStranger_isPermissionDenied() {
        final Tenant created = owner.createTenant(create(slug("guarded"), null));
        final TenantServiceBlockingStub stranger = tc.client(TenantServiceBlockingStub.class,
                                                             tc.signUp(newEmail("stranger")));
        final UpdateTenantRequest request = UpdateTenantRequest.newBuilder()
                .setTenant(Tenant.newBuilder().setId(created.getId()).setName("Hijacked"))
                .setUpdateMask(FieldMask.newBuilder().addPaths("name")).build();
        assertThatThrownBy(() -> stranger.updateTenant(request))
                .satisfies(e -> assertStatus(e, Status.Code.PERMISSION_DENIED, "MISSING_PERMISSION"));
        // Permission is checked before existence, so unknown ids reveal nothing either.
        final UpdateTenantRequest unknown = request.toBuilder().setTenant(
                request.getTenant().toBuilder().setId(UUID.randomUUID().toString())).build();
        assertThatThrownBy(() -> stranger.updateTenant(unknown))
                .satisfies(e -> assertStatus(e, Status.Code.PERMISSION_DENIED, "MISSING_PERMISSION"));
    }

    @Test
    void getAndLookup_arePublic_andDeleteRemovesTheTenant() {
        final Tenant created = owner.createTenant(create(slug("public"), null));
        final TenantServiceBlockingStub anonymous = tc.client(TenantServiceBlockingStub.class, null);
        assertThat(anonymous.getTenant(GetTenantRequest.newBuilder().setTenantId(created.getId()).build())
                            .getName()).isEqualTo(created.getName());
        assertThat(anonymous.lookupTenant(LookupTenantRequest.newBuilder().setSlug(created.getSlug()).build())
                            .getId()).isEqualTo(created.getId());

        assertThatThrownBy(() -> owner.deleteTenant(DeleteTenantRequest.newBuilder().setTenantId(created.getId())
                                                                      .setEtag("99").build()))
                .satisfies(e -> assertStatus(e, Status.Code.ABORTED, "ETAG_MISMATCH"));
        owner.deleteTenant(DeleteTenantRequest.newBuilder().setTenantId(created.getId()).build());
        assertThatThrownBy(() -> anonymous.getTenant(GetTenantRequest.newBuilder().setTenantId(created.getId())
                                                                     .build()))
                .satisfies(e -> assertStatus(e, Status.Code.NOT_FOUND, "TENANT_NOT_FOUND"));
    }

    @Test
    void listMyTenants_pagesWithoutRepeatsOrGaps() {
        final TenantServiceBlockingStub busy = tc.client(TenantServiceBlockingStub.class,
                                                         tc.signUp(newEmail("busy")));
        for (int i = 0; i < 5; i++) {
            busy.createTenant(create(slug("busy" + i), null));
        }
        final ListMyTenantsResponse first = busy.listMyTenants(ListMyTenantsRequest.newBuilder().setPageSize(3)
                                                                                   .build());
        final ListMyTenantsResponse second = busy.listMyTenants(ListMyTenantsRequest.newBuilder().setPageSize(3)
                .setPageToken(first.getNextPageToken()).build());
        assertThat(first.getMembershipsCount()).isEqualTo(3);
        assertThat(second.getMembershipsCount()).isEqualTo(2);
        assertThat(second.getNextPageToken()).isEmpty();
        assertThat(first.getMembershipsList()).extracting(m -> m.getTenant().getId())
                                              .doesNotContainAnyElementsOf(second.getMembershipsList().stream()
                                                      .map(m -> m.getTenant().getId()).toList());
        assertThatThrownBy(() -> busy.listMyTenants(ListMyTenantsRequest.newBuilder().setPageToken("garbage")
                                                                        .build()))
                .satisfies(e -> assertStatus(e, Status.Code.INVALID_ARGUMENT, "INVALID_ARGUMENT"));
        assertThatThrownBy(() -> busy.listMyTenants(ListMyTenantsRequest.newBuilder().setPageSize(-1).build()))
                .satisfies(e -> assertStatus(e, Status.Code.INVALID_ARGUMENT, "INVALID_ARGUMENT"));
    }

    @Test
    void browsingCompanies_pagesThroughNamesThatJavaAndPostgresLowerDifferently_withoutRepeatsOrGaps() {
        final String city = "Town " + UUID.randomUUID().toString().substring(0, 8);
        final List<String> created = new ArrayList<>();
        // Java lower-cases a final capital sigma to the final form (U+03C2), PostgreSQL to U+03C3.
        for (String name : List.of("ΟΔΟΣ", "ΟΔΟΣ", "İNCİ", "İNCİ")) {
            final CreateTenantRequest request = create(slug("lower"), null);
            created.add(owner.createTenant(request.toBuilder().setTenant(request.getTenant().toBuilder()
                    .setName(name).setAddress(Address.newBuilder().setCity(city))).build()).getId());
        }
        final TenantServiceBlockingStub anonymous = tc.client(TenantServiceBlockingStub.class, null);
        final List<String> seen = new ArrayList<>();
        String token = "";
        for (int page = 0; page < 6; page++) {
            final SearchCompaniesResponse response = anonymous.searchCompanies(SearchCompaniesRequest.newBuilder()
                    .setCity(city).setPageSize(1).setPageToken(token).build());
            response.getResultsList().forEach(r -> seen.add(r.getTenant().getId()));
            token = response.getNextPageToken();
            if (token.isEmpty()) {
                break;
            }
        }
        assertThat(seen).containsExactlyInAnyOrderElementsOf(created);
    }

    @Test
    void searchCompanies_pageTokenTamperedToHoldNul_isInvalidArgument() {
        final TenantServiceBlockingStub anonymous = tc.client(TenantServiceBlockingStub.class, null);
        final String tampered = Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("b\u001f" + PageTokens.fingerprint("", "", "", "") + "\u001fasha\u0000silks\u001f"
                 + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> anonymous.searchCompanies(SearchCompaniesRequest.newBuilder()
                                                                                 .setPageToken(tampered).build()))
                .satisfies(e -> assertStatus(e, Status.Code.INVALID_ARGUMENT, "INVALID_ARGUMENT"));
    }

    @Test
    void searchCompanies_pageTokenOfAnotherSearch_isInvalidArgument() {
        final String city = "Town " + UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < 2; i++) {
            final CreateTenantRequest request = create(slug("paged"), null);
            owner.createTenant(request.toBuilder().setTenant(request.getTenant().toBuilder()
                    .setAddress(Address.newBuilder().setCity(city))).build());
        }
        final TenantServiceBlockingStub anonymous = tc.client(TenantServiceBlockingStub.class, null);
        final SearchCompaniesRequest browse = SearchCompaniesRequest.newBuilder().setCity(city).setPageSize(1).build();
        final String token = anonymous.searchCompanies(browse).getNextPageToken();
        assertThat(token).isNotEmpty();
        assertThat(anonymous.searchCompanies(browse.toBuilder().setPageToken(token).build()).getResultsCount())
                .isEqualTo(1);
        // With another filter, the token would continue from a place in other results.
        assertThatThrownBy(() -> anonymous.searchCompanies(browse.toBuilder().setCity(city + "x").setPageToken(token)
                                                                 .build()))
                .satisfies(e -> assertStatus(e, Status.Code.INVALID_ARGUMENT, "INVALID_ARGUMENT"));
    }

    @Test
    void listTenantChanges_reportsLatestStatesAndTombstonesInOrder_toAnyone() {
        final TenantServiceBlockingStub anonymous = tc.client(TenantServiceBlockingStub.class, null);
        final long start = anonymous.listTenantChanges(ListTenantChangesRequest.newBuilder()
                .setAfterSeq(Long.MAX_VALUE - 1).build()).getLastSeq();
        assertThat(start).isEqualTo(Long.MAX_VALUE - 1);
        final long before = lastSeq(anonymous);

        final Tenant renamed = owner.createTenant(create(slug("feed"), null));
        final Tenant deleted = owner.createTenant(create(slug("gone"), null));
        owner.updateTenant(UpdateTenantRequest.newBuilder()
                .setTenant(Tenant.newBuilder().setId(renamed.getId()).setName("Feed Renamed"))
                .setUpdateMask(FieldMask.newBuilder().addPaths("name")).build());
        owner.deleteTenant(DeleteTenantRequest.newBuilder().setTenantId(deleted.getId()).build());

        final ListTenantChangesResponse changes = anonymous.listTenantChanges(
                ListTenantChangesRequest.newBuilder().setAfterSeq(before).build());
        assertThat(changes.getChangesList()).extracting(TenantChange::getTenantId)
                                            .containsExactly(renamed.getId(), deleted.getId());
        final TenantChange latest = changes.getChanges(0);
        assertThat(latest.getName()).isEqualTo("Feed Renamed");
        assertThat(latest.getCity()).isEqualTo("Chennai");
        assertThat(latest.getStatus()).isEqualTo(TenantStatus.TENANT_STATUS_ACTIVE);
        assertThat(latest.getDeleted()).isFalse();
        assertThat(changes.getChanges(1).getDeleted()).isTrue();
        assertThat(changes.getChanges(1).getName()).isEmpty();
        assertThat(changes.getChanges(0).getSeq()).isLessThan(changes.getChanges(1).getSeq());
        assertThat(changes.getLastSeq()).isEqualTo(changes.getChanges(1).getSeq());

        final ListTenantChangesResponse paged = anonymous.listTenantChanges(
                ListTenantChangesRequest.newBuilder().setAfterSeq(before).setPageSize(1).build());
        assertThat(paged.getChangesList()).extracting(TenantChange::getTenantId).containsExactly(renamed.getId());
        assertThat(anonymous.listTenantChanges(ListTenantChangesRequest.newBuilder()
                .setAfterSeq(changes.getLastSeq()).build()).getChangesList()).isEmpty();
        assertThatThrownBy(() -> anonymous.listTenantChanges(ListTenantChangesRequest.newBuilder().setAfterSeq(-1)
                                                                                  .build()))
                .isInstanceOf(StatusRuntimeException.class)
                .satisfies(e -> assertThat(((StatusRuntimeException) e).getStatus().getCode())
                        .isEqualTo(Status.Code.INVALID_ARGUMENT));
    }

    private static long lastSeq(TenantServiceBlockingStub stub) {
        long seq = 0;
        while (true) {
            final ListTenantChangesResponse page = stub.listTenantChanges(
                    ListTenantChangesRequest.newBuilder().setAfterSeq(seq).setPageSize(1000).build());
            if (page.getChangesCount() == 0) {
                return seq;
            }
            seq = page.getLastSeq();
        }
    }

    static CreateTenantRequest create(String slug, String requestId) {
        final CreateTenantRequest.Builder request = CreateTenantRequest.newBuilder().setTenant(
                Tenant.newBuilder().setSlug(slug).setName("Asha Silks " + slug).setKind(TenantKind.TENANT_KIND_SUPPLIER)
                      .setCategory("Silk sarees").setDescription("Handwoven silk sarees")
                      .setAddress(Address.newBuilder().setCity("Chennai").setState("Tamil Nadu").setCountry("IN")));
        if (requestId != null) {
            request.setRequestId(requestId);
        }
        return request.build();
    }

    static String slug(String prefix) {
        return prefix + '-' + UUID.randomUUID().toString().substring(0, 8);
    }

    static void assertStatus(Throwable e, Status.Code code, String reason) {
        assertThat(e).isInstanceOf(StatusRuntimeException.class);
        final StatusRuntimeException sre = (StatusRuntimeException) e;
        assertThat(sre.getStatus().getCode()).as(sre.getStatus().toString()).isEqualTo(code);
        assertThat(TenantCoreTesting.reason(sre)).isEqualTo(reason);
    }
}
