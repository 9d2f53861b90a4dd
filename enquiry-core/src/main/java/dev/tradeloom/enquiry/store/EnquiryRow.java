package dev.tradeloom.enquiry.store;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A row of {@code enquiries}; {@code status} is the lowercase name of the pipeline status, and
 * {@code productName} is empty when no product was named or the catalog could not say its name.
 */
public record EnquiryRow(UUID tenantId, UUID id, @Nullable UUID requestId, @Nullable UUID buyerUserId,
                         String supplierName, @Nullable UUID productId, String productName, long quantity,
                         String quantityUnit, String message, String contactName, String contactEmail,
                         String contactPhone, String contactCompany, String status, @Nullable UUID assigneeUserId,
                         @Nullable String crmLeadId, long version, Instant createdAt, Instant updatedAt) {

    /** This enquiry with the contact's name and email address. */
    public EnquiryRow withContact(String name, String email) {
        return new EnquiryRow(tenantId, id, requestId, buyerUserId, supplierName, productId, productName, quantity,
                              quantityUnit, message, name, email, contactPhone, contactCompany, status,
                              assigneeUserId, crmLeadId, version, createdAt, updatedAt);
    }
}
