package dev.tradeloom.enquiry.domain;

import java.util.Optional;
import java.util.UUID;

import dev.tradeloom.api.v1.Role;

/** Who belongs to a supplier's team, as tenant-core knows it; enquiry-core keeps no copy. */
public interface Teams {
    /** The role of {@code userId} in {@code tenantId}, empty when not a member; asked as the current caller. */
    Optional<Role> roleOf(UUID tenantId, UUID userId);
}
