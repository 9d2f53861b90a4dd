package dev.tradeloom.enquiry.upstream;

import java.time.Duration;

import dev.tradeloom.enquiry.domain.CrmOutbox;
import dev.tradeloom.platform.db.Transactor;
import dev.tradeloom.platform.queue.JobFailure;

/** A CRM push found its tenant without a connection: the tenant disconnected after the enquiry was sent. */
final class NoConnection extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NoConnection() {
        super("The tenant has no Zoho CRM connection", null, false, false);
    }

    /**
     * The failure {@code push} ends with: for good, recorded on the enquiry in a transaction of its own so
     * that connecting the CRM again queues it again ({@link CrmOutbox#recordDisconnected}). If the tenant
     * connected again since the push looked, the push goes back to the queue, due after {@code busyRetry}, to
     * run with the new connection; if the record cannot be made, the push is retried rather than left for an
     * owner to find.
     */
    static JobFailure failure(Transactor tx, CrmOutbox.Push push, Duration busyRetry) {
        final boolean recorded;
        try {
            recorded = tx.inTenant(push.tenantId(),
                                   h -> CrmOutbox.recordDisconnected(h, push.tenantId(), push.enquiryId()));
        } catch (RuntimeException e) {
            return JobFailure.retry("The tenant has no Zoho CRM connection, and recording so failed", e);
        }
        return recorded ? JobFailure.permanent("The tenant has no Zoho CRM connection any more; connecting it "
                                               + "again sends this enquiry.")
                        : JobFailure.busy("The tenant connected the CRM again while the push looked for its "
                                          + "connection", busyRetry);
    }
}
