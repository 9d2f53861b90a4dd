package dev.tradeloom.enquiry.domain;

import static java.util.Objects.requireNonNull;

import java.util.UUID;

/** A supplier tenant as tenant-core describes it when an enquiry is sent. */
public record Supplier(UUID tenantId, String name) {
    public Supplier {
        requireNonNull(tenantId, "tenantId");
        requireNonNull(name, "name");
    }
}
