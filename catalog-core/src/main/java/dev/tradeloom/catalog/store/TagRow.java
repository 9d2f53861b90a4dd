package dev.tradeloom.catalog.store;

import java.time.Instant;
import java.util.UUID;

/** A row of {@code tags}. */
public record TagRow(UUID tenantId, UUID id, String name, String description, long version, Instant createdAt,
                     Instant updatedAt) {

    public TagRow withIdentity(UUID newTenantId, UUID newId) {
        return new TagRow(newTenantId, newId, name, description, version, createdAt, updatedAt);
    }
}
