package dev.tradeloom.enquiry.upstream;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.jdbi.v3.core.Handle;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tradeloom.enquiry.domain.CrmOutbox;
import dev.tradeloom.enquiry.domain.ZohoConnections;
import dev.tradeloom.enquiry.store.CrmConnectionDao;
import dev.tradeloom.enquiry.store.CrmConnectionRow;
import dev.tradeloom.enquiry.store.CrmPushes;
import dev.tradeloom.enquiry.store.EnquiryDao;
import dev.tradeloom.enquiry.store.EnquiryRow;
import dev.tradeloom.enquiry.store.PushLeaseRow;
import dev.tradeloom.enquiry.upstream.ZohoHttp.Failed;
import dev.tradeloom.platform.db.RoundTrip;
import dev.tradeloom.platform.db.Transactor;
import dev.tradeloom.platform.queue.Job;
import dev.tradeloom.platform.queue.JobFailure;
import dev.tradeloom.platform.queue.JobHandler;
import dev.tradeloom.platform.queue.JobQueue;
import dev.tradeloom.platform.queue.QueueWorkerSettings;

/**
 * Pushes an enquiry to the tenant's Zoho CRM as a lead ({@link ZohoClient}): an upsert on the tenant's
 * external-id field, so a retried push updates the same lead instead of creating a second one. One push
 * per tenant runs at a time (a lease on the tenant's connection; a job that finds it taken goes back to
 * the queue), and it carries the tenant's other waiting enquiries too, up to Zoho's 100 records per
 * call: a burst of one supplier's enquiries costs a few calls, not one each, and their own jobs are
 * marked done (one a worker has claimed meanwhile finds its lead stored). 429 and 5xx are retried after
 * Zoho's Retry-After or else the queue's backoff, and the tenant backs off as one: the push keeps the lease
 * until its retry is due, so the tenant's other pushes do not call into the same refusal meanwhile (they are
 * put back until then, not to be claimed again and again through the wait).
 * Rejected data ends the delivery with Zoho's reason. Lead ids are stored on the enquiries, and so is why a
 * push failed for good ({@code crm_push_failure}): Zoho refused the credentials, or the tenant had no
 * connection ({@link NoConnection}), which a reconnect queues again, or the lead's data, which it leaves
 * failed.
 *
 * <p>A push holds no database connection while it waits for Zoho: one transaction takes the lease and
 * reads the batch, another stores the leads and gives the lease back.
 */
public final class ZohoPusher implements JobHandler {
    private static final Logger log = LoggerFactory.getLogger(ZohoPusher.class);
    /** How soon a push that found another running comes back: a push takes about a second. */
    private static final Duration BUSY_RETRY = Duration.ofMillis(500);
    /**
     * The longest a push that found the tenant's pushes held waits before it looks again, however long the
     * hold (Zoho's Retry-After may ask for hours).
     */
    private static final Duration HELD_RETRY_CAP = Duration.ofMinutes(10);
    /** Outlasts the longest push, so a lease runs out only when its holder died. */
    private static final Duration LEASE = ZohoClient.LONGEST_UPSERT.plusSeconds(10);
    /** Zoho takes at most this many records per upsert. */
    private static final int MAX_RECORDS = 100;

    private final Transactor tx;
    private final JobQueue queue;
    private final ZohoClient zoho;
    private final QueueWorkerSettings jobs;

    /** {@code jobs}: the settings of the worker that runs the pushes, whose backoff a refused push takes. */
    public ZohoPusher(Transactor tx, JobQueue queue, ZohoConnections connections,
                      @Nullable String accountsUrlOverride, QueueWorkerSettings jobs) {
        this.tx = requireNonNull(tx, "tx");
        this.queue = requireNonNull(queue, "queue");
        zoho = new ZohoClient(connections, accountsUrlOverride);
        this.jobs = requireNonNull(jobs, "jobs");
    }

    /** The enquiries one push upserts, {@code push}'s own first, under the lease of {@code holder}. */
    private record Batch(UUID holder, CrmConnectionRow connection, List<EnquiryRow> enquiries) {}

    @Override
    public void handle(Job job) throws JobFailure {
        final CrmOutbox.Push push;
        try {
            push = CrmOutbox.Push.fromJson(job.payload());
        } catch (IOException e) {
            throw JobFailure.permanent("Unreadable CRM push job: " + e.getMessage());
        }
        final @Nullable Batch batch;
        try {
            batch = tx.inTenant(push.tenantId(), h -> take(h, push));
        } catch (Failed e) {
            throw e.failure();
        } catch (NoConnection e) {
            throw NoConnection.failure(tx, push, BUSY_RETRY);
        }
        if (batch == null) {
            return;
        }
        final List<ZohoClient.Result> results;
        try {
            results = zoho.upsert(batch.connection(), batch.enquiries());
        } catch (Failed e) {
            if (e.failure().permanent()) {
                throw refusedConnection(push, batch, e.failure());
            }
            throw backOff(push.tenantId(), batch.holder(), e.failure(), job.attempt());
        } catch (RuntimeException e) {
            release(push.tenantId(), batch.holder());
            throw e;
        }
        final ZohoClient.Result own;
        boolean stored = false;
        try {
            own = tx.inTenant(push.tenantId(), h -> store(h, push, batch, results));
            stored = true;
        } finally {
            // The leads could not be stored: the retry (an upsert, which updates the leads this call made)
            // should not wait for the lease to run out.
            if (!stored) {
                release(push.tenantId(), batch.holder());
            }
        }
        if (own.leadId() == null) {
            // Thrown after the commit, so the leads of the other enquiries of the call are kept.
            throw JobFailure.permanent(own.rejection());
        }
    }

    /** Takes the tenant's push lease and reads the batch; null when {@code push}'s enquiry has its lead. */
    private @Nullable Batch take(Handle h, CrmOutbox.Push push) {
        // Most pushes that run find their enquiry carried by an earlier push: seen before the lease, they end
        // at once instead of going back to the queue while a later push holds it.
        final RoundTrip look = RoundTrip.on(h);
        final RoundTrip.Part<EnquiryRow> before = CrmPushes.enquiry(look, push.tenantId(), push.enquiryId());
        look.send();
        if (pushed(before)) {
            return null;
        }
        final UUID holder = UUID.randomUUID();
        final RoundTrip leasing = RoundTrip.on(h);
        final RoundTrip.Part<PushLeaseRow> leaseFound = CrmPushes.takeLease(leasing, push.tenantId(), holder,
                                                                            LEASE.toMillis() / 1000.0);
        // Read after the lease is taken: the push that held it before may have carried the enquiry.
        final RoundTrip.Part<EnquiryRow> after = CrmPushes.enquiry(leasing, push.tenantId(), push.enquiryId());
        leasing.send();
        final PushLeaseRow lease = leaseFound.findOne().orElseThrow(NoConnection::new);
        if (pushed(after)) {
            if (lease.taken()) {
                CrmPushes.releaseLease(h, push.tenantId(), holder);
            }
            return null;
        }
        final CrmConnectionRow connection = leased(lease);
        final List<EnquiryRow> batch = new ArrayList<>(List.of(after.one()));
        batch.addAll(waiting(h, push));
        return new Batch(holder, connection, batch);
    }

    /** Stores the leads Zoho gave, marks the carried enquiries' jobs done and gives the lease back. */
    private ZohoClient.Result store(Handle h, CrmOutbox.Push push, Batch batch, List<ZohoClient.Result> results) {
        final List<EnquiryRow> enquiries = batch.enquiries();
        final List<UUID> led = new ArrayList<>();
        final List<String> leadIds = new ArrayList<>();
        final List<String> carried = new ArrayList<>();
        for (int i = 0; i < enquiries.size(); i++) {
            final String leadId = results.get(i).leadId();
            if (leadId != null) {
                led.add(enquiries.get(i).id());
                leadIds.add(leadId);
                if (i > 0) {
                    carried.add(CrmOutbox.dedupKey(enquiries.get(i).id()));
                }
            }
        }
        final EnquiryDao enquiryDao = h.attach(EnquiryDao.class);
        enquiryDao.setCrmLeadIds(push.tenantId(), led.toArray(UUID[]::new), leadIds.toArray(String[]::new));
        if (results.get(0).leadId() == null) {
            // Its job fails for good once this commits; a reconnect leaves it failed.
            enquiryDao.setCrmPushFailure(push.tenantId(), push.enquiryId(), CrmOutbox.FAILED_DATA);
        }
        queue.completeQueued(h, CrmOutbox.QUEUE, carried);
        CrmPushes.releaseLease(h, push.tenantId(), batch.holder());
        return results.get(0);
    }

    /** Whether the enquiry {@code found} has its lead already (or is gone). */
    private static boolean pushed(RoundTrip.Part<EnquiryRow> found) {
        return found.findOne().map(e -> e.crmLeadId() != null).orElse(true);
    }

    /** The tenant's other enquiries whose push is queued and who have no lead yet, oldest first. */
    private List<EnquiryRow> waiting(Handle h, CrmOutbox.Push push) {
        final List<UUID> ids = new ArrayList<>();
        for (String payload : queue.queuedPayloads(h, CrmOutbox.QUEUE, push.tenantId(), MAX_RECORDS)) {
            try {
                ids.add(CrmOutbox.Push.fromJson(payload).enquiryId());
            } catch (IOException e) {
                // Its own job reports it.
            }
        }
        ids.remove(push.enquiryId());
        final List<EnquiryRow> waiting = h.attach(EnquiryDao.class)
                                          .withoutLead(push.tenantId(), ids.toArray(UUID[]::new));
        return waiting.subList(0, Math.min(waiting.size(), MAX_RECORDS - 1));
    }

    /**
     * The tenant's connection if the push took its lease; else the job goes back to the queue: one push per
     * tenant across all replicas. A job that finds another push running does not wait for it holding a
     * thread; it goes back without spending an attempt, where the next push carries it with the tenant's
     * other waiting enquiries (or it runs itself, when none came): half a second later while the holder's
     * push runs, and when the holder waits to retry a push Zoho refused, not before that retry is due.
     */
    private static CrmConnectionRow leased(PushLeaseRow lease) {
        if (lease.taken()) {
            return lease.connection();
        }
        final Duration held = Duration.ofMillis(Math.round(lease.heldForSeconds() * 1000));
        if (held.compareTo(BUSY_RETRY) <= 0) {
            throw new Failed(JobFailure.busy("Another CRM push for this tenant is running", BUSY_RETRY));
        }
        // The holder waits out Zoho's refusal and carries this push's enquiry when it retries; coming back
        // sooner would only find the lease held again, every half second for minutes.
        throw new Failed(JobFailure.busy("The tenant's CRM pushes wait " + held + " for Zoho, as an earlier "
                                         + "push was refused", min(held, HELD_RETRY_CAP)));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /**
     * The failure a push ends with when Zoho refused the connection for good ({@link ZohoClient}'s permanent
     * failures are all the connection's: its credentials refused, or a token for servers outside its data
     * centre). Gives the lease back and records on the enquiry that a reconnect mends it, so that the
     * reconnect queues the push again ({@link CrmOutbox#FAILED_CREDENTIALS}). If the tenant connected again
     * while the push ran, the refusal was of the old credentials: the push is retried with the new ones.
     */
    private JobFailure refusedConnection(CrmOutbox.Push push, Batch batch, JobFailure failure) {
        final CrmConnectionRow used = batch.connection();
        final boolean reconnected;
        try {
            reconnected = tx.inTenant(push.tenantId(), h -> {
                // Locks the row (the lease is this push's): a reconnect under way commits first, and its new
                // version is seen below.
                CrmPushes.releaseLease(h, push.tenantId(), batch.holder());
                final boolean replaced = h.attach(CrmConnectionDao.class).find(push.tenantId())
                                                    .map(now -> now.version() != used.version()
                                                                || !now.createdAt().equals(used.createdAt()))
                                                    .orElse(false);
                if (!replaced) {
                    h.attach(EnquiryDao.class).setCrmPushFailure(push.tenantId(), push.enquiryId(),
                                                                 CrmOutbox.FAILED_CREDENTIALS);
                }
                return replaced;
            });
        } catch (RuntimeException e) {
            log.warn("Could not record why the CRM push of enquiry {} failed (a reconnect will not retry it); "
                     + "the push lease of tenant {} runs out in {}", push.enquiryId(), push.tenantId(), LEASE,
                     e);
            return failure;
        }
        return reconnected ? JobFailure.retry(failure.getMessage() + " The CRM was connected again meanwhile: "
                                              + "retrying with the new credentials.", null)
                           : failure;
    }

    /**
     * The failure a push that Zoho failed for now (429, 5xx, Zoho unreachable) ends with. It keeps the
     * tenant's lease until the retry is due, after Zoho's Retry-After or else the queue's backoff, so that
     * the tenant's other pushes, which would carry the same enquiries into the same refusal, wait as long.
     */
    private JobFailure backOff(UUID tenantId, UUID holder, JobFailure failure, int attempt) {
        final Duration retryAfter = failure.retryAfter();
        final Duration delay = retryAfter != null ? retryAfter : jobs.backoff(attempt);
        try {
            tx.inTenant(tenantId, h -> {
                CrmPushes.holdLease(h, tenantId, holder, delay.toMillis() / 1000.0);
                return null;
            });
        } catch (RuntimeException e) {
            log.warn("Could not keep the CRM push lease of tenant {} for {}; it runs out in {}", tenantId,
                     delay, LEASE, e);
        }
        return JobFailure.retryAfter(failure.getMessage(), delay);
    }

    /** Gives the lease back after a failed push; if the database cannot be reached, the lease runs out. */
    private void release(UUID tenantId, UUID holder) {
        try {
            tx.inTenant(tenantId, h -> {
                CrmPushes.releaseLease(h, tenantId, holder);
                return null;
            });
        } catch (RuntimeException e) {
            log.warn("Could not give back the CRM push lease of tenant {}; it runs out in {}", tenantId, LEASE, e);
        }
    }
}
