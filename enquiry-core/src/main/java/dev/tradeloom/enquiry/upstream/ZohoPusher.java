package dev.tradeloom.enquiry.upstream;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.jdbi.v3.core.Handle;
import org.jspecify.annotations.Nullable;

import dev.tradeloom.enquiry.domain.CrmOutbox;
import dev.tradeloom.enquiry.domain.ZohoConnections;
import dev.tradeloom.enquiry.store.CrmConnectionRow;
import dev.tradeloom.enquiry.store.EnquiryDao;
import dev.tradeloom.enquiry.store.EnquiryRow;
import dev.tradeloom.enquiry.upstream.ZohoClient.Failed;
import dev.tradeloom.platform.db.Transactor;
import dev.tradeloom.platform.queue.Job;
import dev.tradeloom.platform.queue.JobFailure;
import dev.tradeloom.platform.queue.JobHandler;
import dev.tradeloom.platform.queue.JobQueue;

/**
 * Pushes an enquiry to the tenant's Zoho CRM as a lead ({@link ZohoClient}): an upsert on the tenant's
 * external-id field, so a retried push updates the same lead instead of creating a second one. One push
 * per tenant runs at a time (a transaction-scoped advisory lock; a job that finds it taken goes back to
 * the queue), and it carries the tenant's other waiting enquiries too, up to Zoho's 100 records per
 * call: a burst of one supplier's enquiries costs a few calls, not one each, and their own jobs are
 * marked done (one a worker has claimed meanwhile finds its lead stored). 429 and 5xx are retried with
 * the queue's backoff, and rejected data ends the delivery with Zoho's reason. Lead ids are stored on
 * the enquiries.
 */
public final class ZohoPusher implements JobHandler {
    private static final Duration BUSY_RETRY = Duration.ofMillis(500);
    /** Zoho takes at most this many records per upsert. */
    private static final int MAX_RECORDS = 100;

    private final Transactor tx;
    private final JobQueue queue;
    private final ZohoClient zoho;

    public ZohoPusher(Transactor tx, JobQueue queue, ZohoConnections connections,
                      @Nullable String accountsUrlOverride) {
        this.tx = requireNonNull(tx, "tx");
        this.queue = requireNonNull(queue, "queue");
        zoho = new ZohoClient(connections, accountsUrlOverride);
    }

    @Override
    public void handle(Job job) throws JobFailure {
        final CrmOutbox.Push push;
        try {
            push = CrmOutbox.Push.fromJson(job.payload());
        } catch (IOException e) {
            throw JobFailure.permanent("Unreadable CRM push job: " + e.getMessage());
        }
        final @Nullable JobFailure rejected;
        try {
            rejected = tx.inTenant(push.tenantId(), h -> pushBatch(h, push));
        } catch (Failed e) {
            throw e.failure();
        }
        if (rejected != null) {
            // Thrown after the commit, so the leads of the other enquiries of the call are kept.
            throw rejected;
        }
    }

    /** Pushes {@code push}'s enquiry and the tenant's other waiting ones; Zoho's rejection of the first. */
    private @Nullable JobFailure pushBatch(Handle h, CrmOutbox.Push push) {
        final EnquiryDao enquiries = h.attach(EnquiryDao.class);
        // Most pushes that run find their enquiry carried by an earlier push: seen without the lock, they end
        // at once instead of going back to the queue while a later push holds it.
        if (pushed(enquiries, push)) {
            return null;
        }
        lockTenant(h, push.tenantId());
        final EnquiryRow enquiry = enquiries.find(push.tenantId(), push.enquiryId()).orElse(null);
        if (enquiry == null || enquiry.crmLeadId() != null) {
            return null; // a push that held the lock before this one carried it
        }
        final CrmConnectionRow connection = ZohoConnections.find(h, push.tenantId()).orElseThrow(
                () -> new Failed(JobFailure.permanent("The tenant has no Zoho CRM connection any more.")));
        final List<EnquiryRow> batch = new ArrayList<>(List.of(enquiry));
        batch.addAll(waiting(h, enquiries, push));
        final List<ZohoClient.Result> results = zoho.upsert(connection, batch);
        final List<UUID> led = new ArrayList<>();
        final List<String> leadIds = new ArrayList<>();
        final List<String> carried = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            final String leadId = results.get(i).leadId();
            if (leadId != null) {
                led.add(batch.get(i).id());
                leadIds.add(leadId);
                if (i > 0) {
                    carried.add(CrmOutbox.dedupKey(batch.get(i).id()));
                }
            }
        }
        enquiries.setCrmLeadIds(push.tenantId(), led.toArray(UUID[]::new), leadIds.toArray(String[]::new));
        queue.completeQueued(h, CrmOutbox.QUEUE, carried);
        final ZohoClient.Result own = results.get(0);
        return own.leadId() != null ? null : JobFailure.permanent(own.rejection());
    }

    /** Whether {@code push}'s enquiry has its lead already (or is gone). */
    private static boolean pushed(EnquiryDao enquiries, CrmOutbox.Push push) {
        return enquiries.find(push.tenantId(), push.enquiryId()).map(e -> e.crmLeadId() != null).orElse(true);
    }

    /** The tenant's other enquiries whose push is queued and who have no lead yet, oldest first. */
    private List<EnquiryRow> waiting(Handle h, EnquiryDao enquiries, CrmOutbox.Push push) {
        final List<UUID> ids = new ArrayList<>();
        for (String payload : queue.queuedPayloads(h, CrmOutbox.QUEUE, push.tenantId(), MAX_RECORDS)) {
            try {
                ids.add(CrmOutbox.Push.fromJson(payload).enquiryId());
            } catch (IOException e) {
                // Its own job reports it.
            }
        }
        ids.remove(push.enquiryId());
        final List<EnquiryRow> waiting = enquiries.withoutLead(push.tenantId(), ids.toArray(UUID[]::new));
        return waiting.subList(0, Math.min(waiting.size(), MAX_RECORDS - 1));
    }

    /**
     * Takes the tenant's push lock, or puts the job back for later: one push per tenant across all
     * replicas. A job that finds another push running does not wait for it holding a thread; it goes back
     * to the queue without spending an attempt, where the next push carries it with the tenant's other
     * waiting enquiries (or it runs itself, when none came).
     */
    private static void lockTenant(Handle h, UUID tenantId) {
        final boolean locked = h.createQuery("select pg_try_advisory_xact_lock(hashtextextended(:key, 0))")
                                .bind("key", "crm_push:" + tenantId).mapTo(Boolean.class).one();
        if (!locked) {
            throw new Failed(JobFailure.busy("Another CRM push for this tenant is running", BUSY_RETRY));
        }
    }
}
