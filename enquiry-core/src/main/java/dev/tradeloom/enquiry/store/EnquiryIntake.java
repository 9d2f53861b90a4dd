package dev.tradeloom.enquiry.store;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

import org.jdbi.v3.core.Handle;

/**
 * The statements every sent enquiry runs, straight on the caller's handle: each is the one statement its
 * transaction needs of a table, and attaching a DAO prepares every method of the interface, several
 * times the cost of that statement.
 */
public final class EnquiryIntake {
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
