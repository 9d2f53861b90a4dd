package dev.tradeloom.catalog.store;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A row of {@code attributes}: an attribute definition; {@code kind} is text, number or enum. */
public record AttributeRow(UUID tenantId, UUID id, String key, String name, String description, String kind,
                           List<String> allowedValues, long version, Instant createdAt, Instant updatedAt) {

    public AttributeRow {
        allowedValues = List.copyOf(allowedValues);
    }

    public AttributeRow withIdentity(UUID newTenantId, UUID newId) {
        return new AttributeRow(newTenantId, newId, key, name, description, kind, allowedValues, version, createdAt,
                                updatedAt);
    }
}
