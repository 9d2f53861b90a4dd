package dev.tradeloom.enquiry.domain;

import java.util.UUID;

/** Where enquiry-core learns about supplier tenants; it never reads tenant-core's tables. */
public interface Suppliers {
    /**
     * The supplier {@code tenantId}, as the current caller may see it. Throws NOT_FOUND for an
     * unknown (or hidden) tenant and FAILED_PRECONDITION for a tenant that is not a supplier.
     */
    Supplier find(UUID tenantId);
}
