package dev.tradeloom.tenant.domain;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.jdbi.v3.core.Handle;
import org.jspecify.annotations.Nullable;

import dev.tradeloom.api.v1.Role;
import dev.tradeloom.platform.auth.AccessTokenClaims;
import dev.tradeloom.platform.auth.Caller;
import dev.tradeloom.platform.db.Scope;
import dev.tradeloom.platform.db.Transactor;
import dev.tradeloom.platform.error.NotFoundException;
import dev.tradeloom.platform.error.UnauthenticatedException;
import dev.tradeloom.platform.id.Uuid7;
import dev.tradeloom.tenant.store.MembershipDao;
import dev.tradeloom.tenant.store.RefreshTokenRow;
import dev.tradeloom.tenant.store.SessionDao;
import dev.tradeloom.tenant.store.SessionRow;
import dev.tradeloom.tenant.store.UserDao;
import dev.tradeloom.tenant.store.UserRow;

/**
 * Sessions: opening one (a refresh-token family), rotating its refresh token on every use,
 * detecting reuse of a rotated token (which revokes the family), listing and ending sessions.
 */
public final class Sessions {
    private record Refresh(@Nullable IssuedTokens tokens, @Nullable UnauthenticatedException failure) {
        static Refresh failed(UnauthenticatedException failure) {
            return new Refresh(null, failure);
        }
    }

    private final Transactor tx;
    private final TokenIssuer issuer;
    private final Duration refreshTtl;

    public Sessions(Transactor tx, TokenIssuer issuer, Duration refreshTtl) {
        this.tx = requireNonNull(tx, "tx");
        this.issuer = requireNonNull(issuer, "issuer");
        this.refreshTtl = requireNonNull(refreshTtl, "refreshTtl");
    }

    /** Opens a session for an authenticated user, inside the caller's transaction. */
    IssuedTokens open(Handle handle, UserRow user, ClientInfo client) {
        final UUID sessionId = Uuid7.next();
        final Instant expiresAt = Instant.now().plus(refreshTtl);
        handle.attach(SessionDao.class).insertSession(sessionId, user.id(), client.userAgent(),
                                                     client.ipAddress(), expiresAt);
        return issue(handle, user, sessionId, expiresAt);
    }

    /** Exchanges a refresh token for new tokens; a second use of any token ends its session. */
    public IssuedTokens refresh(String refreshToken) {
        final byte[] hash = SecretTokens.digest(refreshToken);
        final Refresh outcome = tx.inSystem(h -> {
            final SessionDao sessions = h.attach(SessionDao.class);
            final Optional<RefreshTokenRow> found = sessions.lockRefreshToken(hash);
            if (found.isEmpty()) {
                return Refresh.failed(invalidRefreshToken());
            }
            final RefreshTokenRow token = found.get();
            if (token.usedAt() != null) {
                // Reuse of a rotated token: someone else may hold the family. End it for everyone.
                sessions.revoke(token.sessionId(), "refresh_token_reuse");
                return Refresh.failed(new UnauthenticatedException(
                        "REFRESH_TOKEN_REUSED",
                        "This refresh token was already used; the session has been ended. Sign in again."));
            }
            final Instant now = Instant.now();
            if (token.sessionRevokedAt() != null || token.sessionExpiresAt().isBefore(now)
                || token.expiresAt().isBefore(now)) {
                return Refresh.failed(new UnauthenticatedException("SESSION_ENDED",
                                                                   "The session has ended. Sign in again."));
            }
            sessions.markUsed(hash);
            sessions.touch(token.sessionId());
            final UserRow user = h.attach(UserDao.class).find(token.userId()).orElseThrow();
            return new Refresh(issue(h, user, token.sessionId(), token.sessionExpiresAt()), null);
        });
        // Thrown after the transaction committed, so a reuse revocation sticks.
        if (outcome.failure() != null) {
            throw outcome.failure();
        }
        return requireNonNull(outcome.tokens(), "tokens");
    }

    /** Ends the session of {@code refreshToken}; unknown tokens are ignored. */
    public void logout(String refreshToken) {
        final byte[] hash = SecretTokens.digest(refreshToken);
        tx.inSystem(h -> {
            final SessionDao sessions = h.attach(SessionDao.class);
            sessions.lockRefreshToken(hash).ifPresent(t -> sessions.revoke(t.sessionId(), "logout"));
            return null;
        });
    }

    public List<SessionRow> list(Caller caller) {
        return tx.inTransaction(Scope.user(caller.userId()),
                                h -> h.attach(SessionDao.class).listLive(caller.userId()));
    }

    public void revoke(Caller caller, UUID sessionId) {
        final boolean revoked = tx.inTransaction(Scope.user(caller.userId()), h -> h.attach(SessionDao.class)
                .revokeOwn(caller.userId(), sessionId, "revoked_by_user"));
        if (!revoked) {
            throw new NotFoundException("SESSION_NOT_FOUND", "No live session " + sessionId + " of yours.");
        }
    }

    /** Ends every session of the user but {@code keep}, inside the caller's transaction. */
    static void endOthers(Handle handle, UUID userId, @Nullable UUID keep, String reason) {
        handle.attach(SessionDao.class).revokeAllExcept(userId, keep, reason);
    }

    private IssuedTokens issue(Handle handle, UserRow user, UUID sessionId, Instant sessionExpiresAt) {
        final String refreshToken = SecretTokens.newToken();
        handle.attach(SessionDao.class).insertRefreshToken(SecretTokens.digest(refreshToken), sessionId,
                                                           sessionExpiresAt);
        final TokenIssuer.AccessToken access = issuer.issue(callerOf(handle, user, sessionId));
        return new IssuedTokens(access.token(), access.expiresAt(), refreshToken, sessionExpiresAt, sessionId);
    }

    private static Caller callerOf(Handle handle, UserRow user, UUID sessionId) {
        // Memberships are visible to the acting user through row-level security.
        Transactor.actAs(handle, Scope.user(user.id()));
        final Map<UUID, Role> roles = new LinkedHashMap<>();
        for (MembershipDao.UserRole r : handle.attach(MembershipDao.class).rolesOf(user.id())) {
            roles.put(r.tenantId(), AccessTokenClaims.parseRole(r.role()));
        }
        return new Caller(user.id(), sessionId, user.platformAdmin(), user.emailVerifiedAt() != null, roles);
    }

    private static UnauthenticatedException invalidRefreshToken() {
        return new UnauthenticatedException("INVALID_REFRESH_TOKEN",
                                            "The refresh token is not valid. Sign in again.");
    }
}
