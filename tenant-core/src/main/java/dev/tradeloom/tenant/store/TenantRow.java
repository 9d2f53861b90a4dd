package dev.tradeloom.tenant.store;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A row of {@code tenants}; {@code suspensionReason} is empty unless {@code status} is {@code suspended}. */
public record TenantRow(UUID id, String slug, String kind, String name, String category, String description,
                        String addressLine1, String addressLine2, String city, String state, String postalCode,
                        String country, String phone, String whatsapp, String email, String website,
                        String logoUrl, String heroImageUrl, List<String> galleryUrls, String defaultLanguage,
                        String defaultCurrency, String status, String suspensionReason, long version,
                        Instant createdAt, Instant updatedAt) {

    public TenantRow {
        galleryUrls = List.copyOf(galleryUrls);
    }
}
