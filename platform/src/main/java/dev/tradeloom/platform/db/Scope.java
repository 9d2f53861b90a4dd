package dev.tradeloom.platform.db;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * Who a transaction acts for. Row-level security policies read {@code app.tenant_id} and
 * {@code app.user_id}; an absent value is the empty string, which matches no row.
 */
public record Scope(@Nullable UUID tenantId, @Nullable UUID userId) {

    /** No tenant and no user: tenant-scoped tables read as empty. */
    public static Scope system() {
        return new Scope(null, null);
    }

    public static Scope tenant(UUID tenantId) {
        return new Scope(tenantId, null);
    }

    public static Scope user(UUID userId) {
        return new Scope(null, userId);
    }

    public Scope withUser(@Nullable UUID newUserId) {
        return new Scope(tenantId, newUserId);
    }
}
