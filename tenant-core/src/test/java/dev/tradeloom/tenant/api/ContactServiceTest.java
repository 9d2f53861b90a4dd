package dev.tradeloom.tenant.api;

import static dev.tradeloom.tenant.TenantCoreTesting.newEmail;
import static dev.tradeloom.tenant.api.TenantServiceTest.assertStatus;
import static dev.tradeloom.tenant.api.TenantServiceTest.create;
import static dev.tradeloom.tenant.api.TenantServiceTest.slug;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.google.protobuf.FieldMask;

import dev.tradeloom.tenant.TenantCoreTesting;
import dev.tradeloom.tenant.v1.Contact;
import dev.tradeloom.tenant.v1.ContactServiceGrpc.ContactServiceBlockingStub;
import dev.tradeloom.tenant.v1.CreateContactRequest;
import dev.tradeloom.tenant.v1.DeleteContactRequest;
import dev.tradeloom.tenant.v1.GetContactRequest;
import dev.tradeloom.tenant.v1.ListContactsRequest;
import dev.tradeloom.tenant.v1.ListContactsResponse;
import dev.tradeloom.tenant.v1.Tenant;
import dev.tradeloom.tenant.v1.TenantServiceGrpc.TenantServiceBlockingStub;
import dev.tradeloom.tenant.v1.UpdateContactRequest;
import io.grpc.Status;

class ContactServiceTest {
    private static TenantCoreTesting tc;
    private static String ownerToken;
    private static ContactServiceBlockingStub contacts;

    @BeforeAll
    static void start() {
        tc = new TenantCoreTesting();
        ownerToken = tc.signUp(newEmail("owner"));
        contacts = tc.client(ContactServiceBlockingStub.class, ownerToken);
    }

    @AfterAll
    static void stop() {
        tc.close();
    }

    @Test
    void contacts_crudWithMasksEtagsAndPaging() {
        final Tenant tenant = newTenant();
        final Contact meera = add(tenant, "Meera Iyer");
        add(tenant, "Arjun Rao");
        add(tenant, "Kiran Shah");

        final ListContactsResponse first = contacts.listContacts(ListContactsRequest.newBuilder()
                .setTenantId(tenant.getId()).setPageSize(2).build());
        final ListContactsResponse rest = contacts.listContacts(ListContactsRequest.newBuilder()
                .setTenantId(tenant.getId()).setPageSize(2).setPageToken(first.getNextPageToken()).build());
        assertThat(first.getContactsList()).extracting(Contact::getName).containsExactly("Arjun Rao", "Kiran Shah");
        assertThat(rest.getContactsList()).extracting(Contact::getName).containsExactly("Meera Iyer");

        final Contact updated = contacts.updateContact(UpdateContactRequest.newBuilder()
                .setContact(Contact.newBuilder().setId(meera.getId()).setTenantId(tenant.getId())
                                   .setEtag(meera.getEtag()).setDesignation("Export manager").setName("ignored"))
                .setUpdateMask(FieldMask.newBuilder().addPaths("designation")).build());
        assertThat(updated.getDesignation()).isEqualTo("Export manager");
        assertThat(updated.getName()).isEqualTo("Meera Iyer");
        assertThatThrownBy(() -> contacts.updateContact(UpdateContactRequest.newBuilder()
                .setContact(meera).setUpdateMask(FieldMask.newBuilder().addPaths("phone")).build()))
                .satisfies(e -> assertStatus(e, Status.Code.ABORTED, "ETAG_MISMATCH"));

        contacts.deleteContact(DeleteContactRequest.newBuilder().setTenantId(tenant.getId())
                                                   .setContactId(meera.getId()).build());
        assertThatThrownBy(() -> contacts.getContact(GetContactRequest.newBuilder().setTenantId(tenant.getId())
                                                                      .setContactId(meera.getId()).build()))
                .satisfies(e -> assertStatus(e, Status.Code.NOT_FOUND, "CONTACT_NOT_FOUND"));
    }

    @Test
    void updateContact_withoutAContactId_isInvalidArgumentNamingIt() {
        final Tenant tenant = newTenant();
        for (String id : new String[] {"", "not-a-uuid"}) {
            assertThatThrownBy(() -> contacts.updateContact(UpdateContactRequest.newBuilder()
                    .setContact(Contact.newBuilder().setId(id).setTenantId(tenant.getId()).setDesignation("Owner"))
                    .setUpdateMask(FieldMask.newBuilder().addPaths("designation")).build()))
                    .satisfies(e -> assertStatus(e, Status.Code.INVALID_ARGUMENT, "INVALID_ARGUMENT"))
                    .satisfies(e -> assertThat(e.getMessage()).contains("contact.id"));
        }
    }

    @Test
    void listContacts_pagesThroughNamesThatJavaAndPostgresLowerDifferently_withoutRepeatsOrGaps() {
        final Tenant tenant = newTenant();
        // Java lower-cases a final capital sigma to the final form (U+03C2), PostgreSQL to U+03C3.
        final Set<String> added = Set.of(add(tenant, "ΟΔΟΣ").getId(), add(tenant, "ΟΔΟΣ").getId(),
                                         add(tenant, "İNCİ").getId(), add(tenant, "İNCİ").getId());
        final List<String> seen = new ArrayList<>();
        String token = "";
        for (int page = 0; page < 6; page++) {
            final ListContactsResponse response = contacts.listContacts(ListContactsRequest.newBuilder()
                    .setTenantId(tenant.getId()).setPageSize(1).setPageToken(token).build());
            response.getContactsList().forEach(c -> seen.add(c.getId()));
            token = response.getNextPageToken();
            if (token.isEmpty()) {
                break;
            }
        }
        assertThat(seen).containsExactlyInAnyOrderElementsOf(added);
    }

    @Test
    void aContactsEmail_mustBeAnAddress() {
        final Tenant tenant = newTenant();
        assertThatThrownBy(() -> contacts.createContact(CreateContactRequest.newBuilder().setTenantId(tenant.getId())
                .setContact(Contact.newBuilder().setName("Meera").setEmail("meera at asha")).build()))
                .satisfies(e -> assertStatus(e, Status.Code.INVALID_ARGUMENT, "INVALID_ARGUMENT"));
        assertThat(contacts.listContacts(ListContactsRequest.newBuilder().setTenantId(tenant.getId()).build())
                           .getContactsList()).isEmpty();
    }

    @Test
    void contacts_ofAnotherTenant_areInvisibleAndUntouchable() {
        final Tenant tenant = newTenant();
        final Contact mine = add(tenant, "Private Person");
        final String otherToken = tc.signUp(newEmail("other"));
        final Tenant other = tc.client(TenantServiceBlockingStub.class, otherToken)
                               .createTenant(create(slug("other"), null));
        final ContactServiceBlockingStub stranger = tc.client(ContactServiceBlockingStub.class, otherToken);
        // Asking through the stranger's own tenant finds nothing: the row belongs to another tenant.
        assertThatThrownBy(() -> stranger.getContact(GetContactRequest.newBuilder().setTenantId(other.getId())
                                                                      .setContactId(mine.getId()).build()))
                .satisfies(e -> assertStatus(e, Status.Code.NOT_FOUND, "CONTACT_NOT_FOUND"));
        assertThatThrownBy(() -> stranger.getContact(GetContactRequest.newBuilder().setTenantId(tenant.getId())
                                                                      .setContactId(mine.getId()).build()))
                .satisfies(e -> assertStatus(e, Status.Code.PERMISSION_DENIED, "MISSING_PERMISSION"));
    }

    private static Tenant newTenant() {
        return tc.client(TenantServiceBlockingStub.class, ownerToken).createTenant(create(slug("contacts"), null));
    }

    private static Contact add(Tenant tenant, String name) {
        return contacts.createContact(CreateContactRequest.newBuilder().setTenantId(tenant.getId())
                .setContact(Contact.newBuilder().setName(name).setEmail("c@example.com").setPhone("+91 98765 43210"))
                .build());
    }
}
