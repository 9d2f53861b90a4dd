package dev.tradeloom.enquiry.domain;

import java.util.UUID;

/** Who belongs to a supplier's team, as tenant-core knows it; enquiry-core keeps no copy. */
public interface Teams {
    /** Whether {@code userId} is a member of {@code tenantId}, asked as the current caller. */
    boolean isMember(UUID tenantId, UUID userId);
}
