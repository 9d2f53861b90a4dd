package dev.tradeloom.platform.auth;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

import dev.tradeloom.api.v1.Role;

/**
 * Finds a caller's role in a tenant. Services trust the token's memberships (a role change
 * reaches them at the next refresh); the service that owns memberships may look them up live.
 */
@FunctionalInterface
public interface MembershipResolver {
    /** The role carried by the access token. */
    MembershipResolver FROM_TOKEN = Caller::roleIn;

    @Nullable Role roleIn(Caller caller, UUID tenantId);
}
