package dev.tradeloom.tenant.domain;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import org.jdbi.v3.core.Handle;

import dev.tradeloom.api.v1.Permission;
import dev.tradeloom.platform.api.Page;
import dev.tradeloom.platform.api.PageTokens;
import dev.tradeloom.platform.auth.AccessTokenClaims;
import dev.tradeloom.platform.auth.Caller;
import dev.tradeloom.platform.auth.PermissionMatrix;
import dev.tradeloom.platform.db.Scope;
import dev.tradeloom.platform.db.Transactor;
import dev.tradeloom.platform.error.AlreadyExistsException;
import dev.tradeloom.platform.error.FailedPreconditionException;
import dev.tradeloom.platform.error.NotFoundException;
import dev.tradeloom.platform.error.PermissionDeniedException;
import dev.tradeloom.platform.id.Uuid7;
import dev.tradeloom.tenant.store.InvitationDao;
import dev.tradeloom.tenant.store.InvitationRow;
import dev.tradeloom.tenant.store.MemberRow;
import dev.tradeloom.tenant.store.MembershipDao;
import dev.tradeloom.tenant.store.TenantDao;
import dev.tradeloom.tenant.store.TenantRow;
import dev.tradeloom.tenant.store.UserDao;
import dev.tradeloom.tenant.store.UserRow;

/**
 * A tenant's team: roles, removal, leaving and invitations. A tenant always keeps at least one
 * owner, and only owners grant or take away the owner role.
 */
public final class Members {
    static final String OWNER = "owner";
    private static final Duration INVITATION_TTL = Duration.ofDays(7);

    private final Transactor tx;
    private final AccountMail mail;

    public Members(Transactor tx, AccountMail mail) {
        this.tx = requireNonNull(tx, "tx");
        this.mail = requireNonNull(mail, "mail");
    }

    public Page<MemberRow> list(UUID tenantId, int pageSize, String pageToken) {
        final int size = PageTokens.pageSize(pageSize, 50, 100);
        final List<String> after = pageToken.isEmpty() ? null : PageTokens.decode(pageToken, 2);
        final List<MemberRow> rows = tx.inTenant(tenantId, h -> h.attach(MembershipDao.class).list(
                tenantId, after == null ? null : PageTokens.instant(after.get(0)),
                after == null ? null : PageTokens.uuid(after.get(1)), size + 1));
        return Page.of(rows, size, last -> PageTokens.encode(last.createdAt().toString(),
                                                             last.userId().toString()));
    }

    public MemberRow updateRole(Caller caller, UUID tenantId, UUID userId, String role) {
        return tx.inTransaction(new Scope(tenantId, caller.userId()), h -> {
            final MembershipDao members = h.attach(MembershipDao.class);
            final List<UUID> owners = members.lockOwners(tenantId);
            final MemberRow target = members.find(tenantId, userId).orElseThrow(() -> memberNotFound(userId));
            if (OWNER.equals(role) || OWNER.equals(target.role())) {
                requireOwner(caller, owners);
            }
            if (OWNER.equals(target.role()) && !OWNER.equals(role) && owners.size() == 1) {
                throw lastOwner();
            }
            members.updateRole(tenantId, userId, role);
            return members.find(tenantId, userId).orElseThrow();
        });
    }

    public void remove(Caller caller, UUID tenantId, UUID userId) {
        tx.inTransaction(new Scope(tenantId, caller.userId()), h -> {
            removeLocked(h, caller, tenantId, userId);
            return null;
        });
    }

    /** The caller leaves the tenant. */
    public void leave(Caller caller, UUID tenantId) {
        remove(caller, tenantId, caller.userId());
    }

    /** Invites {@code email} to join as {@code role} and emails the link in the tenant's language. */
    public InvitationRow invite(Caller caller, UUID tenantId, String email, String role) {
        return tx.inTransaction(new Scope(tenantId, caller.userId()), h -> {
            if (OWNER.equals(role)) {
                requireOwner(caller, h.attach(MembershipDao.class).lockOwners(tenantId));
            }
            final var existing = h.attach(UserDao.class).findByEmail(email);
            if (existing.isPresent()
                && h.attach(MembershipDao.class).role(tenantId, existing.get().id()).isPresent()) {
                throw new AlreadyExistsException("ALREADY_MEMBER", email + " is already a member.");
            }
            final TenantRow tenant = h.attach(TenantDao.class).find(tenantId).orElseThrow();
            final UUID id = Uuid7.next();
            // The tenant id in clear lets the accepting transaction act for that tenant.
            final String token = tenantId + "." + SecretTokens.newToken();
            h.attach(InvitationDao.class).insert(id, tenantId, email.trim().toLowerCase(Locale.ROOT), role,
                                                 SecretTokens.digest(token), caller.userId(),
                                                 Instant.now().plus(INVITATION_TTL));
            mail.invitation(h, id.toString(), email, tenant.defaultLanguage(), tenant.name(), role, token);
            return h.attach(InvitationDao.class).listPending(tenantId).stream()
                    .filter(i -> i.id().equals(id)).findFirst().orElseThrow();
        });
    }

    public List<InvitationRow> invitations(UUID tenantId) {
        return tx.inTenant(tenantId, h -> h.attach(InvitationDao.class).listPending(tenantId));
    }

    public void revokeInvitation(UUID tenantId, UUID invitationId) {
        final boolean revoked = tx.inTenant(tenantId, h -> h.attach(InvitationDao.class)
                                                            .revoke(tenantId, invitationId));
        if (!revoked) {
            throw new NotFoundException("INVITATION_NOT_FOUND", "No pending invitation " + invitationId + '.');
        }
    }

    /** The signed-in caller joins with an invitation sent to their verified address. */
    public MemberRow accept(Caller caller, String token) {
        final int dot = token.indexOf('.');
        final UUID tenantId;
        try {
            tenantId = UUID.fromString(dot < 0 ? "" : token.substring(0, dot));
        } catch (IllegalArgumentException e) {
            throw invalidInvitation();
        }
        return tx.inTransaction(new Scope(tenantId, caller.userId()), h -> {
            final InvitationRow invitation = h.attach(InvitationDao.class).lockByToken(SecretTokens.digest(token))
                                              .filter(i -> i.pending(Instant.now()))
                                              .orElseThrow(Members::invalidInvitation);
            final UserRow user = h.attach(UserDao.class).find(caller.userId()).orElseThrow();
            if (!user.email().equalsIgnoreCase(invitation.email())) {
                throw new PermissionDeniedException("INVITATION_EMAIL_MISMATCH",
                                                    "This invitation was sent to another email address.");
            }
            if (user.emailVerifiedAt() == null) {
                throw new FailedPreconditionException("EMAIL_NOT_VERIFIED",
                                                      "Verify your email address first, then accept again.");
            }
            final MembershipDao members = h.attach(MembershipDao.class);
            if (!inviterMayStillGrant(h, members, invitation)) {
                throw new FailedPreconditionException(
                        "INVITATION_WITHDRAWN", "Whoever sent this invitation may no longer grant its role; "
                                                + "ask the tenant's owners for a new one.");
            }
            if (!members.insert(tenantId, user.id(), invitation.role())) {
                throw new AlreadyExistsException("ALREADY_MEMBER", "You are already a member.");
            }
            final InvitationDao invitations = h.attach(InvitationDao.class);
            invitations.markAccepted(invitation.id());
            // One invitation brings the address in; the others sent to it would let it back after a removal.
            invitations.revokeOthersTo(tenantId, invitation.email(), invitation.id());
            return members.find(tenantId, user.id()).orElseThrow();
        });
    }

    /**
     * An invitation carries its sender's authority, so it lapses with it: a member removed or demoted since
     * cannot bring someone in by an invitation sent before. Platform operators invite without membership.
     */
    private static boolean inviterMayStillGrant(Handle h, MembershipDao members, InvitationRow invitation) {
        // Locked: the sender's removal or demotion, committing as this accept runs, is waited for.
        final Optional<String> role = members.lockRole(invitation.tenantId(), invitation.invitedBy());
        if (role.isEmpty()) {
            return h.attach(UserDao.class).find(invitation.invitedBy()).map(UserRow::platformAdmin).orElse(false);
        }
        return OWNER.equals(invitation.role()) ? OWNER.equals(role.get())
                                               : PermissionMatrix.allows(AccessTokenClaims.parseRole(role.get()),
                                                                         Permission.PERMISSION_MEMBER_MANAGE);
    }

    private static void removeLocked(Handle h, Caller caller, UUID tenantId, UUID userId) {
        final MembershipDao members = h.attach(MembershipDao.class);
        final List<UUID> owners = members.lockOwners(tenantId);
        final MemberRow target = members.find(tenantId, userId).orElseThrow(() -> memberNotFound(userId));
        if (OWNER.equals(target.role())) {
            if (!userId.equals(caller.userId())) {
                requireOwner(caller, owners);
            }
            if (owners.size() == 1) {
                throw lastOwner();
            }
        }
        members.delete(tenantId, userId);
    }

    private static void requireOwner(Caller caller, List<UUID> owners) {
        if (!caller.platformAdmin() && !owners.contains(caller.userId())) {
            throw new PermissionDeniedException("OWNER_REQUIRED", "Only an owner may grant or take the owner role.");
        }
    }

    private static FailedPreconditionException lastOwner() {
        return new FailedPreconditionException(
                "LAST_OWNER", "A tenant needs an owner: make someone else owner first.");
    }

    private static NotFoundException memberNotFound(UUID userId) {
        return new NotFoundException("MEMBER_NOT_FOUND", "User " + userId + " is not a member.");
    }

    private static FailedPreconditionException invalidInvitation() {
        return new FailedPreconditionException(
                "INVITATION_INVALID", "This invitation is invalid, expired, revoked or already used.");
    }
}
