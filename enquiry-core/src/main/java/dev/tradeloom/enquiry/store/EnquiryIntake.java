package dev.tradeloom.enquiry.store;

import static java.util.Objects.requireNonNull;

import java.util.UUID;

import dev.tradeloom.platform.db.RoundTrip;

/**
 * The statements every sent enquiry runs, added to the caller's round trips rather than run through DAOs:
 * a send needs one statement of each, and attaching a DAO prepares every method of the interface, several
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
                                   product_name, quantity, quantity_unit, message, contact_name, contact_email,
                                   contact_phone, contact_company)
            values (:e.tenantId, :e.id, :e.requestId, :e.buyerUserId, :e.supplierName, :e.productId,
                    :e.productName, :e.quantity, :e.quantityUnit, :e.message, :e.contactName, :e.contactEmail,
                    :e.contactPhone, :e.contactCompany)
            on conflict (tenant_id, request_id) do nothing
            returning\s""" + EnquiryDao.COLUMNS;

    private EnquiryIntake() {}

    /**
     * Adds to {@code trip} the query for the supplier {@code tenantId} with what notifying it of an enquiry
     * needs; no row when the read-model lacks it.
     */
    public static RoundTrip.Part<RecipientRow> recipient(RoundTrip trip, UUID tenantId) {
        requireNonNull(trip, "trip");
        requireNonNull(tenantId, "tenantId");
        return trip.query(RECIPIENT, q -> q.bind("tenantId", tenantId), RecipientRow.class);
    }

    /**
     * Adds to {@code trip} the insert of {@code enquiry} (its status, version and times are the table's
     * defaults), whose row is the enquiry as stored; no row when the tenant already holds an enquiry with
     * the same request id.
     */
    public static RoundTrip.Part<EnquiryRow> insert(RoundTrip trip, EnquiryRow enquiry) {
        requireNonNull(trip, "trip");
        requireNonNull(enquiry, "enquiry");
        return trip.query(INSERT, q -> q.bindMethods("e", enquiry), EnquiryRow.class);
    }
}
