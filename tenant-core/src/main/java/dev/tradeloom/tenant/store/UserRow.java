package dev.tradeloom.tenant.store;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** A row of {@code users}. */
public record UserRow(UUID id, String email, String displayName, String language, String passwordHash,
                      @Nullable Instant emailVerifiedAt, boolean platformAdmin, @Nullable String totpSecret,
                      @Nullable String totpPendingSecret, @Nullable Instant totpEnabledAt, long version,
                      Instant createdAt, Instant updatedAt) {

    public boolean totpEnabled() {
        return totpEnabledAt != null && totpSecret != null;
    }
}
