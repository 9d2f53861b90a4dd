package dev.tradeloom.tenant.domain;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;

import dev.tradeloom.platform.api.Etags;
import dev.tradeloom.platform.api.Page;
import dev.tradeloom.platform.api.PageTokens;
import dev.tradeloom.platform.db.Transactor;
import dev.tradeloom.platform.error.InvalidArgumentException;
import dev.tradeloom.platform.error.NotFoundException;
import dev.tradeloom.platform.id.Uuid7;
import dev.tradeloom.tenant.store.ContactDao;
import dev.tradeloom.tenant.store.ContactRow;

/** A company's contact persons. */
public final class Contacts {
    private final Transactor tx;

    public Contacts(Transactor tx) {
        this.tx = requireNonNull(tx, "tx");
    }

    public ContactRow create(UUID tenantId, ContactRow draft) {
        checkName(draft);
        final UUID id = Uuid7.next();
        return tx.inTenant(tenantId, h -> {
            final ContactDao contacts = h.attach(ContactDao.class);
            contacts.insert(new ContactRow(id, tenantId, draft.name().trim(), draft.designation(), draft.email(),
                                           draft.phone(), draft.whatsapp(), 1, draft.createdAt(), draft.updatedAt()));
            return contacts.find(tenantId, id).orElseThrow();
        });
    }

    public ContactRow get(UUID tenantId, UUID contactId) {
        return tx.inTenant(tenantId, h -> h.attach(ContactDao.class).find(tenantId, contactId))
                 .orElseThrow(() -> notFound(contactId));
    }

    public Page<ContactRow> list(UUID tenantId, int pageSize, String pageToken) {
        final int size = PageTokens.pageSize(pageSize, 50, 100);
        final List<String> after = pageToken.isEmpty() ? null : PageTokens.decode(pageToken, 2);
        final List<ContactRow> rows = tx.inTenant(tenantId, h -> h.attach(ContactDao.class).list(
                tenantId, after == null ? null : after.get(0),
                after == null ? null : PageTokens.uuid(after.get(1)), size + 1));
        // The name as stored: PostgreSQL lower-cases it as it does the sort key (Java differs, e.g. on a final
        // sigma), so the next page starts right after this row.
        return Page.of(rows, size, last -> PageTokens.encode(last.name(), last.id().toString()));
    }

    public ContactRow update(UUID tenantId, UUID contactId, String etag, UnaryOperator<ContactRow> change) {
        return tx.inTenant(tenantId, h -> {
            final ContactDao contacts = h.attach(ContactDao.class);
            final ContactRow current = contacts.find(tenantId, contactId).orElseThrow(() -> notFound(contactId));
            Etags.check(etag, current.version(), "The contact");
            final ContactRow changed = change.apply(current);
            checkName(changed);
            final ContactRow row = new ContactRow(contactId, tenantId, changed.name().trim(), changed.designation(),
                                                  changed.email(), changed.phone(), changed.whatsapp(),
                                                  current.version(), current.createdAt(), current.updatedAt());
            if (!contacts.update(row, current.version())) {
                throw Etags.stale("The contact");
            }
            return contacts.find(tenantId, contactId).orElseThrow();
        });
    }

    public void delete(UUID tenantId, UUID contactId, String etag) {
        tx.inTenant(tenantId, h -> {
            final ContactDao contacts = h.attach(ContactDao.class);
            final ContactRow current = contacts.find(tenantId, contactId).orElseThrow(() -> notFound(contactId));
            Etags.check(etag, current.version(), "The contact");
            return contacts.delete(tenantId, contactId);
        });
    }

    private static void checkName(ContactRow row) {
        if (row.name().isBlank()) {
            throw InvalidArgumentException.of("contact.name", "is required");
        }
    }

    private static NotFoundException notFound(UUID contactId) {
        return new NotFoundException("CONTACT_NOT_FOUND", "No contact " + contactId + " in this tenant.");
    }
}
