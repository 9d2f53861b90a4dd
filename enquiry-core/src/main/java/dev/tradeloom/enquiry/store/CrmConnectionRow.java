package dev.tradeloom.enquiry.store;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A row of {@code crm_connections}; {@code sealedSecrets} is AES-GCM ciphertext of every credential.
 * {@code clientIdPlaintext} and {@code dataCentrePlaintext} are set only on a connection an earlier version
 * stored, until enquiry-core reseals it at start; a connection stored since leaves them null.
 */
public record CrmConnectionRow(UUID tenantId, @Nullable String clientIdPlaintext,
                               @Nullable String dataCentrePlaintext, String externalIdField,
                               byte[] sealedSecrets, long version, Instant createdAt, Instant updatedAt) {}
