package dev.tradeloom.catalog.store;

import java.util.UUID;

/** A row of {@code suppliers}: a tenant as tenant-core last reported it. */
public record SupplierRow(UUID tenantId, String slug, String name, String city, String defaultLanguage,
                          boolean active, long changeSeq) {}
