package dev.tradeloom.tenant.api;

import static dev.tradeloom.tenant.TenantCoreTesting.newEmail;
import static dev.tradeloom.tenant.api.TenantServiceTest.assertStatus;
import static dev.tradeloom.tenant.api.TenantServiceTest.create;
import static dev.tradeloom.tenant.api.TenantServiceTest.slug;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.tradeloom.api.v1.Role;
import dev.tradeloom.platform.db.Scope;
import dev.tradeloom.platform.db.Transactor;
import dev.tradeloom.platform.testing.Eventually;
import dev.tradeloom.tenant.TenantCoreTesting;
import dev.tradeloom.tenant.v1.AcceptInvitationRequest;
import dev.tradeloom.tenant.v1.AuthServiceGrpc.AuthServiceBlockingStub;
import dev.tradeloom.tenant.v1.GetCurrentUserRequest;
import dev.tradeloom.tenant.v1.InviteMemberRequest;
import dev.tradeloom.tenant.v1.LeaveTenantRequest;
import dev.tradeloom.tenant.v1.ListInvitationsRequest;
import dev.tradeloom.tenant.v1.ListMembersRequest;
import dev.tradeloom.tenant.v1.Member;
import dev.tradeloom.tenant.v1.MemberServiceGrpc.MemberServiceBlockingStub;
import dev.tradeloom.tenant.v1.RemoveMemberRequest;
import dev.tradeloom.tenant.v1.Tenant;
import dev.tradeloom.tenant.v1.TenantServiceGrpc.TenantServiceBlockingStub;
import dev.tradeloom.tenant.v1.UpdateMemberRoleRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

class MemberServiceTest {
    private static TenantCoreTesting tc;

    @BeforeAll
    static void start() {
        tc = new TenantCoreTesting();
    }

    @AfterAll
    static void stop() {
        tc.close();
    }

    @Test
    void invitation_emailedInTheTenantLanguage_acceptedByTheInvitee_givesTheRole() {
        final Team team = team();
        final String inviteeEmail = newEmail("sales");
        final String inviteeToken = tc.signUp(inviteeEmail);

        team.members.inviteMember(InviteMemberRequest.newBuilder().setTenantId(team.tenant.getId())
                                                     .setEmail(inviteeEmail).setRole(Role.ROLE_SALES).build());
        assertThat(team.members.listInvitations(ListInvitationsRequest.newBuilder()
                                                                      .setTenantId(team.tenant.getId()).build())
                               .getInvitationsList()).singleElement()
                               .satisfies(i -> assertThat(i.getEmail()).isEqualTo(inviteeEmail));
        final String token = tc.mail.last("invitation", inviteeEmail);
        assertThat(tc.mail.newest(inviteeEmail)[0]).contains(team.tenant.getName());

        final MemberServiceBlockingStub invitee = tc.client(MemberServiceBlockingStub.class, inviteeToken);
        final Member joined = invitee.acceptInvitation(AcceptInvitationRequest.newBuilder().setToken(token).build());
        assertThat(joined.getRole()).isEqualTo(Role.ROLE_SALES);
        assertThatThrownBy(() -> invitee.acceptInvitation(AcceptInvitationRequest.newBuilder().setToken(token)
                                                                                .build()))
                .satisfies(e -> assertStatus(e, Status.Code.FAILED_PRECONDITION, "INVITATION_INVALID"));
        assertThat(team.members.listMembers(ListMembersRequest.newBuilder().setTenantId(team.tenant.getId()).build())
                               .getMembersList()).extracting(Member::getEmail).contains(inviteeEmail);
        // A sales member may read the team but not manage it.
        assertThatThrownBy(() -> invitee.inviteMember(InviteMemberRequest.newBuilder()
                .setTenantId(team.tenant.getId()).setEmail(newEmail("x")).setRole(Role.ROLE_ADMIN).build()))
                .satisfies(e -> assertStatus(e, Status.Code.PERMISSION_DENIED, "MISSING_PERMISSION"));
    }

    @Test
    void acceptingOneInvitation_endsTheOthersToTheSameAddress_soARemovedMemberCannotRejoinWithThem() {
        final Team team = team();
        final String email = newEmail("twice");
        final MemberServiceBlockingStub invitee = tc.client(MemberServiceBlockingStub.class, tc.signUp(email));
        final String[] tokens = new String[2];
        final Role[] roles = { Role.ROLE_SALES, Role.ROLE_VIEWER };
        for (int i = 0; i < 2; i++) {
            final long before = tc.mail.count(email);
            team.members.inviteMember(InviteMemberRequest.newBuilder().setTenantId(team.tenant.getId())
                                                         .setEmail(email.toUpperCase(Locale.ROOT))
                                                         .setRole(roles[i]).build());
            Eventually.await(Duration.ofSeconds(20), "invitation " + i, () -> tc.mail.count(email) > before);
            tokens[i] = tc.mail.last("invitation", email);
        }
        assertThat(tokens[0]).isNotEqualTo(tokens[1]);

        final Member joined = invitee.acceptInvitation(AcceptInvitationRequest.newBuilder().setToken(tokens[0])
                                                                              .build());
        assertThat(team.members.listInvitations(ListInvitationsRequest.newBuilder()
                                                                      .setTenantId(team.tenant.getId()).build())
                               .getInvitationsList()).isEmpty();
        team.members.removeMember(RemoveMemberRequest.newBuilder().setTenantId(team.tenant.getId())
                                                     .setUserId(joined.getUserId()).build());
        assertThatThrownBy(() -> invitee.acceptInvitation(AcceptInvitationRequest.newBuilder().setToken(tokens[1])
                                                                                  .build()))
                .satisfies(e -> assertStatus(e, Status.Code.FAILED_PRECONDITION, "INVITATION_INVALID"));
    }

    @Test
    void invitation_forAnotherAddress_isRefused() {
        final Team team = team();
        final String invited = newEmail("invited");
        team.members.inviteMember(InviteMemberRequest.newBuilder().setTenantId(team.tenant.getId())
                                                     .setEmail(invited).setRole(Role.ROLE_VIEWER).build());
        final String token = tc.mail.last("invitation", invited);
        final MemberServiceBlockingStub someoneElse = tc.client(MemberServiceBlockingStub.class,
                                                                tc.signUp(newEmail("else")));
        assertThatThrownBy(() -> someoneElse.acceptInvitation(AcceptInvitationRequest.newBuilder().setToken(token)
                                                                                    .build()))
                .satisfies(e -> assertStatus(e, Status.Code.PERMISSION_DENIED, "INVITATION_EMAIL_MISMATCH"));
    }

    @Test
    void invitation_lapsesWithItsSendersRight_toGrantItsRole() {
        final Team team = team();
        final String adminEmail = newEmail("admin");
        final String adminToken = tc.signUp(adminEmail);
        team.members.inviteMember(InviteMemberRequest.newBuilder().setTenantId(team.tenant.getId())
                                                     .setEmail(adminEmail).setRole(Role.ROLE_ADMIN).build());
        final MemberServiceBlockingStub admin = tc.client(MemberServiceBlockingStub.class, adminToken);
        final Member adminMember = admin.acceptInvitation(
                AcceptInvitationRequest.newBuilder().setToken(tc.mail.last("invitation", adminEmail)).build());

        // The admin invites two people; one accepts at once, then the owner removes the admin.
        final String earlyEmail = newEmail("early");
        final String lateEmail = newEmail("late");
        for (String email : new String[] { earlyEmail, lateEmail }) {
            admin.inviteMember(InviteMemberRequest.newBuilder().setTenantId(team.tenant.getId()).setEmail(email)
                                                  .setRole(Role.ROLE_ADMIN).build());
        }
        assertThat(tc.client(MemberServiceBlockingStub.class, tc.signUp(earlyEmail)).acceptInvitation(
                AcceptInvitationRequest.newBuilder().setToken(tc.mail.last("invitation", earlyEmail)).build())
                     .getRole()).isEqualTo(Role.ROLE_ADMIN);
        team.members.removeMember(RemoveMemberRequest.newBuilder().setTenantId(team.tenant.getId())
                                                     .setUserId(adminMember.getUserId()).build());

        final MemberServiceBlockingStub late = tc.client(MemberServiceBlockingStub.class, tc.signUp(lateEmail));
        assertThatThrownBy(() -> late.acceptInvitation(
                AcceptInvitationRequest.newBuilder().setToken(tc.mail.last("invitation", lateEmail)).build()))
                .satisfies(e -> assertStatus(e, Status.Code.FAILED_PRECONDITION, "INVITATION_WITHDRAWN"));
    }

    @Test
    void anAcceptRacingTheRemovalOfItsSender_waitsForIt_andIsWithdrawn() throws Exception {
        final Team team = team();
        final UUID tenantId = UUID.fromString(team.tenant.getId());
        final String adminEmail = newEmail("admin");
        final String adminToken = tc.signUp(adminEmail);
        team.members.inviteMember(InviteMemberRequest.newBuilder().setTenantId(team.tenant.getId())
                                                     .setEmail(adminEmail).setRole(Role.ROLE_ADMIN).build());
        final MemberServiceBlockingStub admin = tc.client(MemberServiceBlockingStub.class, adminToken);
        final UUID adminId = UUID.fromString(admin.acceptInvitation(
                AcceptInvitationRequest.newBuilder().setToken(tc.mail.last("invitation", adminEmail)).build())
                                                  .getUserId());
        final String lateEmail = newEmail("late");
        admin.inviteMember(InviteMemberRequest.newBuilder().setTenantId(team.tenant.getId()).setEmail(lateEmail)
                                              .setRole(Role.ROLE_ADMIN).build());
        final MemberServiceBlockingStub late = tc.client(MemberServiceBlockingStub.class, tc.signUp(lateEmail));
        final String token = tc.mail.last("invitation", lateEmail);

        final ExecutorService caller = Executors.newSingleThreadExecutor();
        // The owner's removal of the admin has not committed yet when the invitee accepts.
        try (Handle removal = tc.db().jdbi().open()) {
            removal.begin();
            Transactor.actAs(removal, Scope.tenant(tenantId));
            removal.createUpdate("delete from memberships where tenant_id = :t and user_id = :u")
                   .bind("t", tenantId).bind("u", adminId).execute();
            final Future<Member> accepting = caller.submit(() -> late.acceptInvitation(
                    AcceptInvitationRequest.newBuilder().setToken(token).build()));
            Eventually.await(Duration.ofSeconds(30), "the accept waits for the removal",
                             () -> tc.db().jdbi().withHandle(h -> h.createQuery("""
                                     select count(*) from pg_stat_activity
                                      where wait_event_type = 'Lock' and query like '%from memberships%'""")
                                     .mapTo(Long.class).one()) == 1);
            removal.commit();
            assertThatThrownBy(() -> accepting.get(30, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(StatusRuntimeException.class)
                    .satisfies(e -> assertStatus(e.getCause(), Status.Code.FAILED_PRECONDITION,
                                                 "INVITATION_WITHDRAWN"));
        } finally {
            caller.shutdownNow();
        }
    }

    @Test
    void lastOwner_cannotLeaveOrBeDemoted_untilAnotherOwnerExists() {
        final Team team = team();
        assertThatThrownBy(() -> team.members.leaveTenant(LeaveTenantRequest.newBuilder()
                                                                            .setTenantId(team.tenant.getId()).build()))
                .satisfies(e -> assertStatus(e, Status.Code.FAILED_PRECONDITION, "LAST_OWNER"));
        assertThatThrownBy(() -> team.members.updateMemberRole(UpdateMemberRoleRequest.newBuilder()
                .setTenantId(team.tenant.getId()).setUserId(team.ownerId).setRole(Role.ROLE_ADMIN).build()))
                .satisfies(e -> assertStatus(e, Status.Code.FAILED_PRECONDITION, "LAST_OWNER"));

        final String secondEmail = newEmail("second");
        final String secondToken = tc.signUp(secondEmail);
        team.members.inviteMember(InviteMemberRequest.newBuilder().setTenantId(team.tenant.getId())
                                                     .setEmail(secondEmail).setRole(Role.ROLE_ADMIN).build());
        final Member second = tc.client(MemberServiceBlockingStub.class, secondToken).acceptInvitation(
                AcceptInvitationRequest.newBuilder().setToken(tc.mail.last("invitation", secondEmail)).build());
        // An admin cannot make itself owner; an owner can.
        final MemberServiceBlockingStub admin = tc.client(MemberServiceBlockingStub.class, secondToken);
        final UpdateMemberRoleRequest promote = UpdateMemberRoleRequest.newBuilder().setTenantId(team.tenant.getId())
                .setUserId(second.getUserId()).setRole(Role.ROLE_OWNER).build();
        assertThatThrownBy(() -> admin.updateMemberRole(promote))
                .satisfies(e -> assertStatus(e, Status.Code.PERMISSION_DENIED, "OWNER_REQUIRED"));
        assertThat(team.members.updateMemberRole(promote).getRole()).isEqualTo(Role.ROLE_OWNER);

        team.members.leaveTenant(LeaveTenantRequest.newBuilder().setTenantId(team.tenant.getId()).build());
        assertThatThrownBy(() -> admin.removeMember(RemoveMemberRequest.newBuilder().setTenantId(team.tenant.getId())
                                                                       .setUserId(second.getUserId()).build()))
                .satisfies(e -> assertStatus(e, Status.Code.FAILED_PRECONDITION, "LAST_OWNER"));
    }

    private record Team(Tenant tenant, MemberServiceBlockingStub members, String ownerId) {}

    private static Team team() {
        final String token = tc.signUp(newEmail("owner"));
        final Tenant tenant = tc.client(TenantServiceBlockingStub.class, token)
                                .createTenant(create(slug("team"), null));
        final String ownerId = tc.client(AuthServiceBlockingStub.class, token)
                                 .getCurrentUser(GetCurrentUserRequest.getDefaultInstance()).getId();
        return new Team(tenant, tc.client(MemberServiceBlockingStub.class, token), ownerId);
    }
}
