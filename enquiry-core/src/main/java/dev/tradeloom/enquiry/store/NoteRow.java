package dev.tradeloom.enquiry.store;

import java.time.Instant;
import java.util.UUID;

/** A row of {@code enquiry_notes}. */
public record NoteRow(UUID tenantId, UUID id, UUID enquiryId, UUID authorUserId, String body,
                      Instant createdAt) {}
