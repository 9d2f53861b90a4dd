package dev.tradeloom.enquiry.store;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A row of {@code notification_settings}; {@code language} is {@code en} or {@code hi}. */
public record SettingsRow(UUID tenantId, List<String> notificationEmails, String language, long version,
                          Instant updatedAt) {

    public SettingsRow {
        notificationEmails = List.copyOf(notificationEmails);
    }
}
