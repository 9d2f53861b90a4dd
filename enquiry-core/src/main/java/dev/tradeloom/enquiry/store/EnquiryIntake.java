package dev.tradeloom.enquiry.store;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.UUID;

import org.jdbi.v3.core.Handle;

/**
 * The statements every sent enquiry runs, straight on the caller's handle rather than through DAOs: a
 * send needs one statement of each, and attaching a DAO prepares every method of the interface, several
 * times the cost of that statement.
 */
public final class EnquiryIntake {
    /**
     * The supplier, its notification settings and whether it has a CRM connection, in one round trip. A
     * tenant that never saved settings reads as their defaults: no addresses, English.
     */
    private static final String RECIPIENT = """
            select s.tenant_id, s.name, s.is_supplier, s.active,
                   coalesce(n.notification_emails, '{}') as notification_emails,
                   coalesce(n.language, 'en') as language,
                   exists (select 1 from crm_connections c where c.tenant_id = s.tenant_id) as crm_connected
              from suppliers s
                   left join notification_settings n on n.tenant_id = s.tenant_id
             where s.tenant_id = :tenantId""";

    /** Inserts an enquiry and returns it as stored, or nothing when the tenant holds its request id. */
    private static final String INSERT = """
            insert into enquiries (tenant_id, id, request_id, buyer_user_id, supplier_name, product_id,
                                   quantity, quantity_unit, message, contact_name, contact_email, contact_phone,
                                   contact_company)
            values (:e.tenantId, :e.id, :e.requestId, :e.buyerUserId, :e.supplierName, :e.productId,
                    :e.quantity, :e.quantityUnit, :e.message, :e.contactName, :e.contactEmail, :e.contactPhone,
                    :e.contactCompany)
            on conflict (tenant_id, request_id) do nothing
            returning\s""" + EnquiryDao.COLUMNS;

    private EnquiryIntake() {}

    /** The supplier {@code tenantId} with what notifying it of an enquiry needs, if the read-model has it. */
    public static Optional<RecipientRow> recipient(Handle handle, UUID tenantId) {
        requireNonNull(handle, "handle");
        requireNonNull(tenantId, "tenantId");
        return handle.createQuery(RECIPIENT).bind("tenantId", tenantId).mapTo(RecipientRow.class).findOne();
    }

    /**
     * Inserts {@code enquiry} (its status, version and times are the table's defaults) and returns the
     * stored row; empty when the tenant already holds an enquiry with the same request id.
     */
    public static Optional<EnquiryRow> insert(Handle handle, EnquiryRow enquiry) {
        requireNonNull(handle, "handle");
        requireNonNull(enquiry, "enquiry");
        return handle.createQuery(INSERT).bindMethods("e", enquiry).mapTo(EnquiryRow.class).findOne();
    }
}
