package dev.tradeloom.platform.auth;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import dev.tradeloom.api.v1.Role;

/**
 * Who is calling, as proven by a verified access token: the user, the session the token was
 * issued for, the platform-admin flag, whether the account's email address was verified and the
 * user's role in each tenant, all at issue time.
 */
public record Caller(UUID userId, UUID sessionId, boolean platformAdmin, boolean emailVerified,
                     Map<UUID, Role> memberships) {

    public Caller {
        requireNonNull(userId, "userId");
        requireNonNull(sessionId, "sessionId");
        memberships = Map.copyOf(requireNonNull(memberships, "memberships"));
    }

    /** The role in {@code tenantId} carried by the token, or null when not a member. */
    public @Nullable Role roleIn(UUID tenantId) {
        return memberships.get(tenantId);
    }
}
