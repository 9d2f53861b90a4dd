package dev.tradeloom.enquiry.api;

import static dev.tradeloom.enquiry.EnquiryCoreTesting.assertStatus;
import static dev.tradeloom.enquiry.EnquiryCoreTesting.userId;
import static dev.tradeloom.enquiry.api.EnquiryServiceTest.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.google.protobuf.Timestamp;

import dev.tradeloom.api.v1.Role;
import dev.tradeloom.enquiry.EnquiryCoreTesting;
import dev.tradeloom.enquiry.EnquiryCoreTesting.Team;
import dev.tradeloom.enquiry.domain.GuestLimits;
import dev.tradeloom.enquiry.v1.AddEnquiryNoteRequest;
import dev.tradeloom.enquiry.v1.AssignEnquiryRequest;
import dev.tradeloom.enquiry.v1.Enquiry;
import dev.tradeloom.enquiry.v1.EnquiryNote;
import dev.tradeloom.enquiry.v1.EnquiryServiceGrpc.EnquiryServiceBlockingStub;
import dev.tradeloom.enquiry.v1.EnquiryStatus;
import dev.tradeloom.enquiry.v1.GetEnquiryRequest;
import dev.tradeloom.enquiry.v1.ListEnquiriesRequest;
import dev.tradeloom.enquiry.v1.ListEnquiriesResponse;
import dev.tradeloom.enquiry.v1.ListEnquiryNotesRequest;
import dev.tradeloom.enquiry.v1.ListMyEnquiriesRequest;
import dev.tradeloom.enquiry.v1.UpdateEnquiryStatusRequest;
import dev.tradeloom.tenant.TenantCoreTesting;
import dev.tradeloom.tenant.v1.TenantKind;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/** The supplier's inbox: filters and pages, assignment, the pipeline, etags, notes and who may do what. */
class SupplierInboxTest {
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
    void inbox_filtersByStatusAssigneeProductAndTime_andPagesNewestFirst() {
        final Team team = ec.supplier("Ludhiana Knits", TenantKind.TENANT_KIND_SUPPLIER);
        final EnquiryServiceBlockingStub buyer = ec.client(EnquiryServiceBlockingStub.class, ec.buyer());
        final String product = UUID.randomUUID().toString();
        final Instant before = Instant.now().minusSeconds(1);
        final List<Enquiry> sent = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            sent.add(buyer.createEnquiry(request(team.tenantId(), "enquiry " + i)
                    .setEnquiry(EnquiryServiceTest.enquiry("enquiry " + i).setProductId(i < 3 ? product : ""))
                    .build()));
        }
        final EnquiryServiceBlockingStub owner = ec.client(EnquiryServiceBlockingStub.class, team.ownerToken());
        final String ownerId = userId(team.ownerToken());
        owner.updateEnquiryStatus(status(team, sent.get(1), EnquiryStatus.ENQUIRY_STATUS_CONTACTED, ""));
        owner.assignEnquiry(AssignEnquiryRequest.newBuilder().setTenantId(team.tenantId())
                                                .setEnquiryId(sent.get(3).getId()).setAssigneeUserId(ownerId).build());

        final ListEnquiriesRequest all = ListEnquiriesRequest.newBuilder().setTenantId(team.tenantId())
                                                             .setPageSize(2).build();
        final List<String> paged = new ArrayList<>();
        ListEnquiriesResponse page = owner.listEnquiries(all);
        int pages = 1;
        paged.addAll(ids(page));
        while (!page.getNextPageToken().isEmpty()) {
            page = owner.listEnquiries(all.toBuilder().setPageToken(page.getNextPageToken()).build());
            paged.addAll(ids(page));
            pages++;
        }
        assertThat(pages).isEqualTo(3);
        assertThat(paged).containsExactly(sent.get(4).getId(), sent.get(3).getId(), sent.get(2).getId(),
                                          sent.get(1).getId(), sent.get(0).getId());

        assertThat(ids(owner.listEnquiries(all.toBuilder().setPageSize(0)
                                              .setStatus(EnquiryStatus.ENQUIRY_STATUS_CONTACTED).build())))
                .containsExactly(sent.get(1).getId());
        final Enquiry assigned = owner.listEnquiries(all.toBuilder().setAssigneeUserId(ownerId).build())
                                      .getEnquiries(0);
        assertThat(assigned.getId()).isEqualTo(sent.get(3).getId());
        assertThat(assigned.getAssigneeUserId()).isEqualTo(ownerId);
        assertThat(ids(owner.listEnquiries(all.toBuilder().setPageSize(10).setProductId(product).build())))
                .containsExactly(sent.get(2).getId(), sent.get(1).getId(), sent.get(0).getId());
        assertThat(ids(owner.listEnquiries(all.toBuilder().setPageSize(10).setCreatedBefore(ts(before)).build())))
                .isEmpty();
        assertThat(ids(owner.listEnquiries(all.toBuilder().setPageSize(10).setCreatedAfter(ts(before)).build())))
                .hasSize(5);
    }

    @Test
    void inbox_rejectsTokensOfOtherFiltersAndBadRanges() {
        final Team team = ec.supplier("Tiruppur Tees", TenantKind.TENANT_KIND_SUPPLIER);
        final EnquiryServiceBlockingStub buyer = ec.client(EnquiryServiceBlockingStub.class, ec.buyer());
        buyer.createEnquiry(request(team.tenantId(), "a").build());
        buyer.createEnquiry(request(team.tenantId(), "b").build());
        final EnquiryServiceBlockingStub owner = ec.client(EnquiryServiceBlockingStub.class, team.ownerToken());
        final ListEnquiriesRequest all = ListEnquiriesRequest.newBuilder().setTenantId(team.tenantId())
                                                             .setPageSize(1).build();
        final String token = owner.listEnquiries(all).getNextPageToken();
        assertThat(token).isNotEmpty();
        assertThatThrownBy(() -> owner.listEnquiries(all.toBuilder().setStatus(EnquiryStatus.ENQUIRY_STATUS_NEW)
                                                        .setPageToken(token).build()))
                .satisfies(e -> assertStatus(e, Status.Code.INVALID_ARGUMENT, "INVALID_ARGUMENT"));
        final Instant now = Instant.now();
        assertThatThrownBy(() -> owner.listEnquiries(all.toBuilder().setCreatedAfter(ts(now))
                                                        .setCreatedBefore(ts(now.minusSeconds(60))).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> assertThat(e.getStatus().getCode())
                        .isEqualTo(Status.Code.INVALID_ARGUMENT));
        assertThatThrownBy(() -> owner.listEnquiries(all.toBuilder().setPageSize(-1).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> assertThat(e.getStatus().getCode())
                        .isEqualTo(Status.Code.INVALID_ARGUMENT));
        // Beyond what a date can be (Instant's range) and beyond what PostgreSQL stores (year 294276).
        for (long seconds : new long[] {Long.MAX_VALUE, 9_400_000_000_000L, Long.MIN_VALUE}) {
            assertThatThrownBy(() -> owner.listEnquiries(all.toBuilder().setCreatedAfter(
                    Timestamp.newBuilder().setSeconds(seconds)).build()))
                    .as("created_after at %d s", seconds)
                    .satisfies(e -> assertThat(violatedField(e)).isEqualTo("created_after"));
            assertThatThrownBy(() -> owner.listEnquiries(all.toBuilder().setCreatedBefore(
                    Timestamp.newBuilder().setSeconds(seconds)).build()))
                    .satisfies(e -> assertThat(violatedField(e)).isEqualTo("created_before"));
        }
    }

    @Test
    void pipeline_allowsOnlyTheDeclaredMoves() {
        final Team team = ec.supplier("Bhagalpur Tussar", TenantKind.TENANT_KIND_SUPPLIER);
        final Enquiry enquiry = ec.client(EnquiryServiceBlockingStub.class, ec.buyer())
                                  .createEnquiry(request(team.tenantId(), "tussar silk").build());
        final EnquiryServiceBlockingStub sales = ec.client(EnquiryServiceBlockingStub.class,
                                                           ec.member(team, Role.ROLE_SALES));
        assertThatThrownBy(() -> sales.updateEnquiryStatus(status(team, enquiry, EnquiryStatus.ENQUIRY_STATUS_WON,
                                                                  "")))
                .satisfies(e -> assertStatus(e, Status.Code.FAILED_PRECONDITION, "STATUS_TRANSITION_NOT_ALLOWED"))
                .hasMessageContaining("NEW cannot move to WON (allowed: ");
        Enquiry current = sales.updateEnquiryStatus(status(team, enquiry, EnquiryStatus.ENQUIRY_STATUS_CONTACTED,
                                                           enquiry.getEtag()));
        current = sales.updateEnquiryStatus(status(team, current, EnquiryStatus.ENQUIRY_STATUS_QUOTED,
                                                   current.getEtag()));
        current = sales.updateEnquiryStatus(status(team, current, EnquiryStatus.ENQUIRY_STATUS_WON,
                                                   current.getEtag()));
        assertThat(current.getStatus()).isEqualTo(EnquiryStatus.ENQUIRY_STATUS_WON);
        assertThat(current.getEtag()).isEqualTo("4");
        final Enquiry won = current;
        // The status it has already (a retried request): nothing changes, not even the etag.
        assertThat(sales.updateEnquiryStatus(status(team, won, EnquiryStatus.ENQUIRY_STATUS_WON, ""))).isEqualTo(won);
        assertThat(sales.updateEnquiryStatus(status(team, won, EnquiryStatus.ENQUIRY_STATUS_WON, won.getEtag())))
                .isEqualTo(won);
        assertThatThrownBy(() -> sales.updateEnquiryStatus(status(team, won, EnquiryStatus.ENQUIRY_STATUS_LOST, "")))
                .satisfies(e -> assertStatus(e, Status.Code.FAILED_PRECONDITION, "STATUS_TRANSITION_NOT_ALLOWED"))
                .hasMessageContaining("allowed: none, it is final");
    }

    @Test
    void staleEtag_isAborted_forStatusAndAssignment() {
        final Team team = ec.supplier("Bagru Blocks", TenantKind.TENANT_KIND_SUPPLIER);
        final Enquiry enquiry = ec.client(EnquiryServiceBlockingStub.class, ec.buyer())
                                  .createEnquiry(request(team.tenantId(), "block prints").build());
        final EnquiryServiceBlockingStub owner = ec.client(EnquiryServiceBlockingStub.class, team.ownerToken());
        owner.assignEnquiry(AssignEnquiryRequest.newBuilder().setTenantId(team.tenantId())
                                                .setEnquiryId(enquiry.getId())
                                                .setAssigneeUserId(userId(team.ownerToken()))
                                                .setEtag(enquiry.getEtag()).build());
        assertThatThrownBy(() -> owner.updateEnquiryStatus(status(team, enquiry,
                                                                  EnquiryStatus.ENQUIRY_STATUS_CONTACTED,
                                                                  enquiry.getEtag())))
                .satisfies(e -> assertStatus(e, Status.Code.ABORTED, "ETAG_MISMATCH"));
        assertThatThrownBy(() -> owner.assignEnquiry(AssignEnquiryRequest.newBuilder().setTenantId(team.tenantId())
                                                                         .setEnquiryId(enquiry.getId())
                                                                         .setEtag(enquiry.getEtag()).build()))
                .satisfies(e -> assertStatus(e, Status.Code.ABORTED, "ETAG_MISMATCH"));
        final Enquiry unassigned = owner.assignEnquiry(AssignEnquiryRequest.newBuilder()
                .setTenantId(team.tenantId()).setEnquiryId(enquiry.getId()).build());
        assertThat(unassigned.getAssigneeUserId()).isEmpty();
    }

    @Test
    void assign_onlyToMembersOfTheTenant() {
        final Team team = ec.supplier("Sanganer Prints", TenantKind.TENANT_KIND_SUPPLIER);
        final Enquiry enquiry = ec.client(EnquiryServiceBlockingStub.class, ec.buyer())
                                  .createEnquiry(request(team.tenantId(), "hand block prints").build());
        final String salesToken = ec.member(team, Role.ROLE_SALES);
        final EnquiryServiceBlockingStub sales = ec.client(EnquiryServiceBlockingStub.class, salesToken);
        final AssignEnquiryRequest assign = AssignEnquiryRequest.newBuilder().setTenantId(team.tenantId())
                                                                .setEnquiryId(enquiry.getId()).build();
        final String outsider = userId(ec.buyer());
        assertThatThrownBy(() -> sales.assignEnquiry(assign.toBuilder().setAssigneeUserId(outsider).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).contains(outsider, "not a member of this tenant");
                });
        final Enquiry assigned = sales.assignEnquiry(assign.toBuilder().setAssigneeUserId(userId(salesToken))
                                                           .build());
        assertThat(assigned.getAssigneeUserId()).isEqualTo(userId(salesToken));
    }

    @Test
    void assign_onlyToMembersWhoseRoleWorksEnquiries() {
        final Team team = ec.supplier("Bagru Blocks", TenantKind.TENANT_KIND_SUPPLIER);
        final Enquiry enquiry = ec.client(EnquiryServiceBlockingStub.class, ec.buyer())
                                  .createEnquiry(request(team.tenantId(), "indigo dabu prints").build());
        final EnquiryServiceBlockingStub owner = ec.client(EnquiryServiceBlockingStub.class, team.ownerToken());
        final AssignEnquiryRequest assign = AssignEnquiryRequest.newBuilder().setTenantId(team.tenantId())
                                                                .setEnquiryId(enquiry.getId()).build();
        // The catalog manager cannot open the inbox: the enquiry would sit with someone who never sees it.
        final String cataloguer = userId(ec.member(team, Role.ROLE_CATALOG_MANAGER));
        assertThatThrownBy(() -> owner.assignEnquiry(assign.toBuilder().setAssigneeUserId(cataloguer).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription())
                            .contains(cataloguer, "ROLE_CATALOG_MANAGER", "cannot work enquiries", "ROLE_SUPPORT");
                });
        assertThat(owner.getEnquiry(GetEnquiryRequest.newBuilder().setTenantId(team.tenantId())
                                                     .setEnquiryId(enquiry.getId()).build())
                        .getAssigneeUserId()).isEmpty();
        final String support = userId(ec.member(team, Role.ROLE_SUPPORT));
        assertThat(owner.assignEnquiry(assign.toBuilder().setAssigneeUserId(support).build()).getAssigneeUserId())
                .isEqualTo(support);
    }

    @Test
    void notes_areForTheTeamOnly_andTheBuyerSeesStatusButNoInternals() {
        final Team team = ec.supplier("Kota Doria", TenantKind.TENANT_KIND_SUPPLIER);
        final String buyerToken = ec.buyer();
        final EnquiryServiceBlockingStub buyer = ec.client(EnquiryServiceBlockingStub.class, buyerToken);
        final Enquiry enquiry = buyer.createEnquiry(request(team.tenantId(), "doria sarees").build());
        final EnquiryServiceBlockingStub owner = ec.client(EnquiryServiceBlockingStub.class, team.ownerToken());
        final EnquiryNote note = owner.addEnquiryNote(AddEnquiryNoteRequest.newBuilder()
                .setTenantId(team.tenantId()).setEnquiryId(enquiry.getId())
                .setNote(EnquiryNote.newBuilder().setBody("Price-sensitive; offer 5% off")).build());
        assertThat(note.getAuthorUserId()).isEqualTo(userId(team.ownerToken()));
        owner.assignEnquiry(AssignEnquiryRequest.newBuilder().setTenantId(team.tenantId())
                                                .setEnquiryId(enquiry.getId())
                                                .setAssigneeUserId(userId(team.ownerToken())).build());
        owner.updateEnquiryStatus(status(team, enquiry, EnquiryStatus.ENQUIRY_STATUS_CONTACTED, ""));

        final ListEnquiryNotesRequest notes = ListEnquiryNotesRequest.newBuilder().setTenantId(team.tenantId())
                                                                     .setEnquiryId(enquiry.getId()).build();
        assertThat(owner.listEnquiryNotes(notes).getNotesList()).extracting(EnquiryNote::getBody)
                                                                .containsExactly("Price-sensitive; offer 5% off");
        assertThatThrownBy(() -> buyer.listEnquiryNotes(notes))
                .satisfies(e -> assertStatus(e, Status.Code.PERMISSION_DENIED, "MISSING_PERMISSION"));
        assertThatThrownBy(() -> buyer.getEnquiry(GetEnquiryRequest.newBuilder().setTenantId(team.tenantId())
                                                                   .setEnquiryId(enquiry.getId()).build()))
                .satisfies(e -> assertStatus(e, Status.Code.PERMISSION_DENIED, "MISSING_PERMISSION"));
        final Enquiry seenByBuyer = buyer.listMyEnquiries(ListMyEnquiriesRequest.getDefaultInstance())
                                         .getEnquiries(0);
        assertThat(seenByBuyer.getStatus()).isEqualTo(EnquiryStatus.ENQUIRY_STATUS_CONTACTED);
        assertThat(seenByBuyer.getAssigneeUserId()).isEmpty();
        assertThat(seenByBuyer.hasCrm()).isFalse();
        assertThat(seenByBuyer.toString()).doesNotContain("Price-sensitive");
    }

    @Test
    void addNote_ofControlCharactersOnly_isInvalidArgument_namingTheBody() {
        final Team team = ec.supplier("Bagru Blocks", TenantKind.TENANT_KIND_SUPPLIER);
        final Enquiry enquiry = ec.client(EnquiryServiceBlockingStub.class, ec.buyer())
                                  .createEnquiry(request(team.tenantId(), "indigo prints").build());
        final EnquiryServiceBlockingStub owner = ec.client(EnquiryServiceBlockingStub.class, team.ownerToken());
        // trim() drops every character up to U+0020, which isBlank() does not all count as blank.
        assertThatThrownBy(() -> owner.addEnquiryNote(AddEnquiryNoteRequest.newBuilder()
                .setTenantId(team.tenantId()).setEnquiryId(enquiry.getId())
                .setNote(EnquiryNote.newBuilder().setBody("\u0001\u0002 ")).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(TenantCoreTesting.badRequest(e).getFieldViolationsList())
                            .extracting(v -> v.getField()).containsExactly("note.body");
                });
        assertThat(owner.listEnquiryNotes(ListEnquiryNotesRequest.newBuilder().setTenantId(team.tenantId())
                                                                 .setEnquiryId(enquiry.getId()).build())
                        .getNotesList()).isEmpty();
    }

    @Test
    void roles_viewerReads_salesManages_nonMembersAreDeniedBeforeExistence() {
        final Team team = ec.supplier("Maheshwar Looms", TenantKind.TENANT_KIND_SUPPLIER);
        final Enquiry enquiry = ec.client(EnquiryServiceBlockingStub.class, ec.buyer())
                                  .createEnquiry(request(team.tenantId(), "maheshwari cotton").build());
        final GetEnquiryRequest get = GetEnquiryRequest.newBuilder().setTenantId(team.tenantId())
                                                       .setEnquiryId(enquiry.getId()).build();

        final EnquiryServiceBlockingStub viewer = ec.client(EnquiryServiceBlockingStub.class,
                                                            ec.member(team, Role.ROLE_VIEWER));
        assertThat(viewer.getEnquiry(get).getId()).isEqualTo(enquiry.getId());
        assertThat(viewer.listEnquiries(ListEnquiriesRequest.newBuilder().setTenantId(team.tenantId()).build())
                         .getEnquiriesCount()).isEqualTo(1);
        assertThatThrownBy(() -> viewer.updateEnquiryStatus(status(team, enquiry,
                                                                   EnquiryStatus.ENQUIRY_STATUS_CONTACTED, "")))
                .satisfies(e -> assertStatus(e, Status.Code.PERMISSION_DENIED, "MISSING_PERMISSION"));
        assertThatThrownBy(() -> viewer.addEnquiryNote(AddEnquiryNoteRequest.newBuilder()
                .setTenantId(team.tenantId()).setEnquiryId(enquiry.getId())
                .setNote(EnquiryNote.newBuilder().setBody("hi")).build()))
                .satisfies(e -> assertStatus(e, Status.Code.PERMISSION_DENIED, "MISSING_PERMISSION"));

        final EnquiryServiceBlockingStub sales = ec.client(EnquiryServiceBlockingStub.class,
                                                           ec.member(team, Role.ROLE_SALES));
        assertThat(sales.updateEnquiryStatus(status(team, enquiry, EnquiryStatus.ENQUIRY_STATUS_SPAM, ""))
                        .getStatus()).isEqualTo(EnquiryStatus.ENQUIRY_STATUS_SPAM);

        final EnquiryServiceBlockingStub catalog = ec.client(EnquiryServiceBlockingStub.class,
                                                             ec.member(team, Role.ROLE_CATALOG_MANAGER));
        assertThatThrownBy(() -> catalog.getEnquiry(get))
                .satisfies(e -> assertStatus(e, Status.Code.PERMISSION_DENIED, "MISSING_PERMISSION"));

        final Team other = ec.supplier("Elsewhere", TenantKind.TENANT_KIND_SUPPLIER);
        final EnquiryServiceBlockingStub stranger = ec.client(EnquiryServiceBlockingStub.class, other.ownerToken());
        assertThatThrownBy(() -> stranger.getEnquiry(get))
                .satisfies(e -> assertStatus(e, Status.Code.PERMISSION_DENIED, "MISSING_PERMISSION"));
        assertThatThrownBy(() -> stranger.getEnquiry(get.toBuilder().setEnquiryId(UUID.randomUUID().toString())
                                                         .build()))
                .satisfies(e -> assertStatus(e, Status.Code.PERMISSION_DENIED, "MISSING_PERMISSION"));
        // Their own tenant's id with another tenant's enquiry id finds nothing.
        assertThatThrownBy(() -> stranger.getEnquiry(get.toBuilder().setTenantId(other.tenantId()).build()))
                .satisfies(e -> assertStatus(e, Status.Code.NOT_FOUND, "ENQUIRY_NOT_FOUND"));
    }

    private static UpdateEnquiryStatusRequest status(Team team, Enquiry enquiry, EnquiryStatus status, String etag) {
        return UpdateEnquiryStatusRequest.newBuilder().setTenantId(team.tenantId()).setEnquiryId(enquiry.getId())
                                         .setStatus(status).setEtag(etag).build();
    }

    private static List<String> ids(ListEnquiriesResponse response) {
        return response.getEnquiriesList().stream().map(Enquiry::getId).toList();
    }

    private static Timestamp ts(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }

    private static String violatedField(Throwable e) {
        return TenantCoreTesting.badRequest((StatusRuntimeException) e).getFieldViolations(0).getField();
    }
}
