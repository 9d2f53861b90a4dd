package dev.tradeloom.tenant.api;

import static dev.tradeloom.tenant.api.AuthProtos.timestamp;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import dev.tradeloom.tenant.store.ContactRow;
import dev.tradeloom.tenant.v1.Contact;

/** Contact rows ↔ the contract's Contact message. */
final class ContactProtos {
    static final Set<String> READ_ONLY = Set.of("id", "tenant_id", "etag", "create_time", "update_time");

    private ContactProtos() {}

    static Contact contact(ContactRow row) {
        return Contact.newBuilder()
                      .setId(row.id().toString())
                      .setTenantId(row.tenantId().toString())
                      .setName(row.name())
                      .setDesignation(row.designation())
                      .setEmail(row.email())
                      .setPhone(row.phone())
                      .setWhatsapp(row.whatsapp())
                      .setEtag(Long.toString(row.version()))
                      .setCreateTime(timestamp(row.createdAt()))
                      .setUpdateTime(timestamp(row.updatedAt()))
                      .build();
    }

    static ContactRow row(UUID tenantId, Contact contact) {
        final Instant now = Instant.now();
        final UUID id = contact.getId().isEmpty() ? new UUID(0, 0) : UUID.fromString(contact.getId());
        return new ContactRow(id, tenantId, contact.getName(), contact.getDesignation(), contact.getEmail(),
                              contact.getPhone(), contact.getWhatsapp(), 0, now, now);
    }
}
