package dev.tradeloom.tenant.api;

import static dev.tradeloom.platform.grpc.Replies.empty;
import static dev.tradeloom.platform.grpc.Replies.reply;
import static java.util.Objects.requireNonNull;

import java.util.UUID;

import com.google.protobuf.Empty;

import dev.tradeloom.platform.api.FieldMasks;
import dev.tradeloom.platform.api.Page;
import dev.tradeloom.platform.error.InvalidArgumentException;
import dev.tradeloom.tenant.domain.Contacts;
import dev.tradeloom.tenant.store.ContactRow;
import dev.tradeloom.tenant.v1.Contact;
import dev.tradeloom.tenant.v1.ContactServiceGrpc;
import dev.tradeloom.tenant.v1.CreateContactRequest;
import dev.tradeloom.tenant.v1.DeleteContactRequest;
import dev.tradeloom.tenant.v1.GetContactRequest;
import dev.tradeloom.tenant.v1.ListContactsRequest;
import dev.tradeloom.tenant.v1.ListContactsResponse;
import dev.tradeloom.tenant.v1.UpdateContactRequest;
import io.grpc.stub.StreamObserver;

/** tradeloom.tenant.v1.ContactService over {@link Contacts}. */
public final class ContactServiceImpl extends ContactServiceGrpc.ContactServiceImplBase {
    private final Contacts contacts;

    public ContactServiceImpl(Contacts contacts) {
        this.contacts = requireNonNull(contacts, "contacts");
    }

    @Override
    public void createContact(CreateContactRequest request, StreamObserver<Contact> out) {
        final UUID tenantId = UUID.fromString(request.getTenantId());
        reply(out, ContactProtos.contact(contacts.create(tenantId, ContactProtos.row(
                tenantId, request.getContact().toBuilder().clearId().build()))));
    }

    @Override
    public void getContact(GetContactRequest request, StreamObserver<Contact> out) {
        reply(out, ContactProtos.contact(contacts.get(UUID.fromString(request.getTenantId()),
                                                      UUID.fromString(request.getContactId()))));
    }

    @Override
    public void listContacts(ListContactsRequest request, StreamObserver<ListContactsResponse> out) {
        final Page<ContactRow> page = contacts.list(UUID.fromString(request.getTenantId()), request.getPageSize(),
                                                    request.getPageToken());
        final ListContactsResponse.Builder response = ListContactsResponse.newBuilder()
                                                                          .setNextPageToken(page.nextPageToken());
        page.items().forEach(c -> response.addContacts(ContactProtos.contact(c)));
        reply(out, response.build());
    }

    @Override
    public void updateContact(UpdateContactRequest request, StreamObserver<Contact> out) {
        final UUID tenantId = UUID.fromString(request.getContact().getTenantId());
        final UUID contactId = contactId(request.getContact().getId());
        reply(out, ContactProtos.contact(contacts.update(tenantId, contactId, request.getContact().getEtag(),
                current -> ContactProtos.row(tenantId, FieldMasks.apply(ContactProtos.contact(current),
                                                                        request.getContact(),
                                                                        request.getUpdateMask(),
                                                                        ContactProtos.READ_ONLY)))));
    }

    @Override
    public void deleteContact(DeleteContactRequest request, StreamObserver<Empty> out) {
        contacts.delete(UUID.fromString(request.getTenantId()), UUID.fromString(request.getContactId()),
                        request.getEtag());
        empty(out);
    }

    /** The contact an update names: its id is output-only, so no validation rule checks it before here. */
    private static UUID contactId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw InvalidArgumentException.of("contact.id",
                                              "'" + id + "' is not a contact id (expected: a UUID)");
        }
    }
}
