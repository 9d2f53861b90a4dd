package dev.tradeloom.enquiry.domain;

import java.util.List;
import java.util.UUID;

import dev.tradeloom.enquiry.store.EnquiryIntake;
import dev.tradeloom.enquiry.store.RecipientRow;
import dev.tradeloom.enquiry.store.SupplierDao;
import dev.tradeloom.enquiry.store.SupplierRow;
import dev.tradeloom.platform.db.RoundTrip;
import dev.tradeloom.platform.db.Transactor;
import dev.tradeloom.platform.error.FailedPreconditionException;
import dev.tradeloom.platform.error.NotFoundException;
import dev.tradeloom.platform.feed.FeedReadModel;

/**
 * The supplier read-model: tenants as tenant-core's change feed reported them, kept with the feed
 * position in one transaction, so a crash never skips or half-applies a batch. enquiry-core never
 * reads tenant-core's tables, and takes enquiries while tenant-core is away.
 */
public final class Suppliers {
    /** The name of tenant-core's tenant change feed in {@code sync_cursors}. */
    public static final String FEED = "tenant-core.tenants";

    private final FeedReadModel<SupplierRow> model;

    public Suppliers(Transactor tx) {
        model = new FeedReadModel<>(tx, FEED, SupplierRow::tenantId,
                                    (h, row) -> h.attach(SupplierDao.class).upsert(row));
    }

    /** The feed position applied so far; 0 before the first batch. */
    public long position() {
        return model.position();
    }

    /** Applies {@code changes} (each acting for its own tenant) and moves the position to {@code lastSeq}. */
    public void apply(List<SupplierRow> changes, long lastSeq) {
        model.apply(changes, lastSeq);
    }

    /**
     * The active supplier {@code tenantId} with what notifying it of an enquiry needs, as {@code found}
     * (the {@link EnquiryIntake#recipient} query, acting for that tenant) read it. Throws
     * {@link NotKnownYet} for a tenant the read-model lacks (or holds as inactive) unless {@code caughtUp},
     * when it throws NOT_FOUND; FAILED_PRECONDITION for a tenant that is no supplier.
     */
    static RecipientRow require(RoundTrip.Part<RecipientRow> found, UUID tenantId, boolean caughtUp) {
        final RecipientRow supplier = found.findOne().filter(RecipientRow::active).orElse(null);
        if (supplier == null) {
            if (!caughtUp) {
                throw new NotKnownYet();
            }
            throw new NotFoundException("SUPPLIER_NOT_FOUND", "No supplier " + tenantId + '.');
        }
        if (!supplier.isSupplier()) {
            throw new FailedPreconditionException(
                    "NOT_A_SUPPLIER",
                    "Tenant " + tenantId + " (" + supplier.name()
                    + ") does not take enquiries: it is not a supplier.");
        }
        return supplier;
    }

    /** The tenant may be newer than the read-model: catch up with the feed and look again. */
    static final class NotKnownYet extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotKnownYet() {
            super(null, null, false, false);
        }
    }
}
