package dev.tradeloom.catalog.store;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** A row of {@code categories}. */
public record CategoryRow(UUID tenantId, UUID id, @Nullable UUID parentId, String name, String description,
                          String taxonomyId, long version, Instant createdAt, Instant updatedAt) {

    public CategoryRow withIdentity(UUID newTenantId, UUID newId) {
        return new CategoryRow(newTenantId, newId, parentId, name, description, taxonomyId, version, createdAt,
                               updatedAt);
    }
}
