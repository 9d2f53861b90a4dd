package dev.tradeloom.enquiry.store;

import java.util.List;
import java.util.UUID;

/**
 * A supplier as the read-model holds it, with what a new enquiry's notifications need: its notification
 * addresses and language, and whether it has a CRM connection.
 */
public record RecipientRow(UUID tenantId, String name, boolean isSupplier, boolean active,
                           List<String> notificationEmails, String language, boolean crmConnected) {

    public RecipientRow {
        notificationEmails = List.copyOf(notificationEmails);
    }
}
