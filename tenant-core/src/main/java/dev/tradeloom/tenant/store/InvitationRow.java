package dev.tradeloom.tenant.store;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** A row of {@code invitations}. */
public record InvitationRow(UUID id, UUID tenantId, String email, String role, UUID invitedBy, Instant expiresAt,
                            @Nullable Instant acceptedAt, @Nullable Instant revokedAt, Instant createdAt) {

    public boolean pending(Instant now) {
        return acceptedAt == null && revokedAt == null && expiresAt.isAfter(now);
    }
}
