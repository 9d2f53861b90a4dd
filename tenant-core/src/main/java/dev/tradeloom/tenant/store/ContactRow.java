package dev.tradeloom.tenant.store;

import java.time.Instant;
import java.util.UUID;

/** A row of {@code contacts}. */
public record ContactRow(UUID id, UUID tenantId, String name, String designation, String email, String phone,
                         String whatsapp, long version, Instant createdAt, Instant updatedAt) {}
