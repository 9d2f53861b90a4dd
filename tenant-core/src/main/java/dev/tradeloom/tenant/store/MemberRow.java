package dev.tradeloom.tenant.store;

import java.time.Instant;
import java.util.UUID;

/** A member of a tenant with the account's email and name. */
public record MemberRow(UUID tenantId, UUID userId, String email, String displayName, String role,
                        Instant createdAt, Instant updatedAt) {}
