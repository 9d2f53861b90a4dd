package dev.tradeloom.tenant.store;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** A row of {@code users}; the TOTP secrets are sealed ({@code AccountSecrets}). */
public record UserRow(UUID id, String email, String displayName, String language, String passwordHash,
                      @Nullable Instant emailVerifiedAt, boolean platformAdmin,
                      byte @Nullable [] totpSecretSealed, byte @Nullable [] totpPendingSecretSealed,
                      @Nullable Instant totpEnabledAt, long version, Instant createdAt, Instant updatedAt) {

    public boolean totpEnabled() {
        return totpEnabledAt != null && totpSecretSealed != null;
    }
}
