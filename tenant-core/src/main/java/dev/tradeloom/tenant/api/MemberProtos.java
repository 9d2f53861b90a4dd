package dev.tradeloom.tenant.api;

import static dev.tradeloom.tenant.api.AuthProtos.timestamp;

import dev.tradeloom.platform.auth.AccessTokenClaims;
import dev.tradeloom.tenant.store.InvitationRow;
import dev.tradeloom.tenant.store.MemberRow;
import dev.tradeloom.tenant.v1.Invitation;
import dev.tradeloom.tenant.v1.Member;

/** Member and invitation rows → the contract's messages. */
final class MemberProtos {
    private MemberProtos() {}

    static Member member(MemberRow row) {
        return Member.newBuilder()
                     .setTenantId(row.tenantId().toString())
                     .setUserId(row.userId().toString())
                     .setEmail(row.email())
                     .setDisplayName(row.displayName())
                     .setRole(AccessTokenClaims.parseRole(row.role()))
                     .setCreateTime(timestamp(row.createdAt()))
                     .setUpdateTime(timestamp(row.updatedAt()))
                     .build();
    }

    static Invitation invitation(InvitationRow row) {
        return Invitation.newBuilder()
                         .setId(row.id().toString())
                         .setTenantId(row.tenantId().toString())
                         .setEmail(row.email())
                         .setRole(AccessTokenClaims.parseRole(row.role()))
                         .setExpireTime(timestamp(row.expiresAt()))
                         .setCreateTime(timestamp(row.createdAt()))
                         .build();
    }
}
