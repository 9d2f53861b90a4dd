package dev.tradeloom.enquiry.store;

import java.util.UUID;

/** A tenant as tenant-core's change {@code changeSeq} described it. */
public record SupplierRow(UUID tenantId, String name, boolean isSupplier, boolean active, long changeSeq) {}
