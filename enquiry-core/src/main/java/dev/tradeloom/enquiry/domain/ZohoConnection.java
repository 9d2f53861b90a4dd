package dev.tradeloom.enquiry.domain;

import java.time.Instant;
import java.util.UUID;

import dev.tradeloom.enquiry.store.CrmConnectionRow;

/** A tenant's Zoho CRM connection as its owner sees it: which client and data centre, never the secrets. */
public record ZohoConnection(UUID tenantId, String clientId, ZohoDataCentre dataCentre, String externalIdField,
                             Instant createdAt, Instant updatedAt) {

    static ZohoConnection of(CrmConnectionRow row, ZohoCredentials credentials) {
        return new ZohoConnection(row.tenantId(), credentials.clientId(), credentials.dataCentre(),
                                  row.externalIdField(), row.createdAt(), row.updatedAt());
    }
}
