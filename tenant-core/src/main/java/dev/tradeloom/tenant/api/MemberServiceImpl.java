package dev.tradeloom.tenant.api;

import static dev.tradeloom.platform.grpc.Replies.empty;
import static dev.tradeloom.platform.grpc.Replies.reply;
import static java.util.Objects.requireNonNull;

import java.util.UUID;

import com.google.protobuf.Empty;

import dev.tradeloom.platform.api.Page;
import dev.tradeloom.platform.auth.AccessTokenClaims;
import dev.tradeloom.platform.auth.Callers;
import dev.tradeloom.tenant.domain.Members;
import dev.tradeloom.tenant.store.MemberRow;
import dev.tradeloom.tenant.v1.AcceptInvitationRequest;
import dev.tradeloom.tenant.v1.Invitation;
import dev.tradeloom.tenant.v1.InviteMemberRequest;
import dev.tradeloom.tenant.v1.LeaveTenantRequest;
import dev.tradeloom.tenant.v1.ListInvitationsRequest;
import dev.tradeloom.tenant.v1.ListInvitationsResponse;
import dev.tradeloom.tenant.v1.ListMembersRequest;
import dev.tradeloom.tenant.v1.ListMembersResponse;
import dev.tradeloom.tenant.v1.Member;
import dev.tradeloom.tenant.v1.MemberServiceGrpc;
import dev.tradeloom.tenant.v1.RemoveMemberRequest;
import dev.tradeloom.tenant.v1.RevokeInvitationRequest;
import dev.tradeloom.tenant.v1.UpdateMemberRoleRequest;
import io.grpc.stub.StreamObserver;

/** tradeloom.tenant.v1.MemberService over {@link Members}. */
public final class MemberServiceImpl extends MemberServiceGrpc.MemberServiceImplBase {
    private final Members members;

    public MemberServiceImpl(Members members) {
        this.members = requireNonNull(members, "members");
    }

    @Override
    public void listMembers(ListMembersRequest request, StreamObserver<ListMembersResponse> out) {
        final Page<MemberRow> page = members.list(UUID.fromString(request.getTenantId()), request.getPageSize(),
                                                  request.getPageToken());
        final ListMembersResponse.Builder response = ListMembersResponse.newBuilder()
                                                                        .setNextPageToken(page.nextPageToken());
        page.items().forEach(m -> response.addMembers(MemberProtos.member(m)));
        reply(out, response.build());
    }

    @Override
    public void updateMemberRole(UpdateMemberRoleRequest request, StreamObserver<Member> out) {
        reply(out, MemberProtos.member(members.updateRole(Callers.required(), UUID.fromString(request.getTenantId()),
                                                          UUID.fromString(request.getUserId()),
                                                          AccessTokenClaims.roleName(request.getRole()))));
    }

    @Override
    public void removeMember(RemoveMemberRequest request, StreamObserver<Empty> out) {
        members.remove(Callers.required(), UUID.fromString(request.getTenantId()),
                       UUID.fromString(request.getUserId()));
        empty(out);
    }

    @Override
    public void leaveTenant(LeaveTenantRequest request, StreamObserver<Empty> out) {
        members.leave(Callers.required(), UUID.fromString(request.getTenantId()));
        empty(out);
    }

    @Override
    public void inviteMember(InviteMemberRequest request, StreamObserver<Invitation> out) {
        reply(out, MemberProtos.invitation(members.invite(Callers.required(), UUID.fromString(request.getTenantId()),
                                                          request.getEmail(),
                                                          AccessTokenClaims.roleName(request.getRole()))));
    }

    @Override
    public void listInvitations(ListInvitationsRequest request, StreamObserver<ListInvitationsResponse> out) {
        final ListInvitationsResponse.Builder response = ListInvitationsResponse.newBuilder();
        members.invitations(UUID.fromString(request.getTenantId()))
               .forEach(i -> response.addInvitations(MemberProtos.invitation(i)));
        reply(out, response.build());
    }

    @Override
    public void revokeInvitation(RevokeInvitationRequest request, StreamObserver<Empty> out) {
        members.revokeInvitation(UUID.fromString(request.getTenantId()), UUID.fromString(request.getInvitationId()));
        empty(out);
    }

    @Override
    public void acceptInvitation(AcceptInvitationRequest request, StreamObserver<Member> out) {
        reply(out, MemberProtos.member(members.accept(Callers.required(), request.getToken())));
    }
}
