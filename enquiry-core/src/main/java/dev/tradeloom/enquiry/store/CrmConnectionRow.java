package dev.tradeloom.enquiry.store;

import java.time.Instant;
import java.util.UUID;

/** A row of {@code crm_connections}; {@code sealedSecrets} is AES-GCM ciphertext. */
public record CrmConnectionRow(UUID tenantId, String clientId, String dataCentre, String externalIdField,
                               byte[] sealedSecrets, long version, Instant createdAt, Instant updatedAt) {}
