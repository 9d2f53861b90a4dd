package dev.tradeloom.enquiry.domain;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jdbi.v3.core.Handle;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.tradeloom.enquiry.store.CrmConnectionDao;
import dev.tradeloom.enquiry.store.CrmPushes;
import dev.tradeloom.enquiry.store.EnquiryDao;
import dev.tradeloom.enquiry.store.EnquiryRow;
import dev.tradeloom.platform.queue.JobQueue;
import dev.tradeloom.platform.queue.NewJob;

/**
 * CRM pushes through the outbox: a job per enquiry, for the enquiry's transaction to enqueue when the
 * tenant has a CRM connection, de-duplicated by the enquiry id.
 */
public final class CrmOutbox {
    /** The queue that carries CRM pushes. */
    public static final String QUEUE = "crm";
    /**
     * Why a push failed for good ({@code enquiries.crm_push_failure}): Zoho refused the connection (its
     * credentials, or the data centre they were stored with), which connecting the CRM again mends.
     */
    public static final String FAILED_CREDENTIALS = "credentials";
    /** Why a push failed for good: Zoho refused the lead itself, which new credentials do not mend. */
    public static final String FAILED_DATA = "data";
    /**
     * Why a push failed for good: the tenant had no CRM connection (disconnected after the enquiry was sent, or
     * while its push was under way), which connecting the CRM again mends.
     */
    public static final String FAILED_DISCONNECTED = "disconnected";
    /**
     * With the queue's backoff capped at minutes, this many attempts ride out a CRM outage of hours;
     * after that the delivery is kept as failed for a manual retry, never lost.
     */
    static final int MAX_ATTEMPTS = 25;
    private static final ObjectMapper JSON = new ObjectMapper();

    private CrmOutbox() {}

    /** What a push job carries: which enquiry of which tenant. */
    public record Push(UUID tenantId, UUID enquiryId) {
        public static Push fromJson(String json) throws IOException {
            return JSON.readValue(json, Push.class);
        }
    }

    /** The job that pushes {@code enquiry} to its tenant's CRM. */
    static NewJob push(EnquiryRow enquiry) {
        final String payload;
        try {
            payload = JSON.writeValueAsString(new Push(enquiry.tenantId(), enquiry.id()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return NewJob.of(QUEUE, dedupKey(enquiry.id()), payload).forTenant(enquiry.tenantId())
                     .maxAttempts(MAX_ATTEMPTS);
    }

    /**
     * Sends the tenant's pushes that wait out a refusal now, in {@code handle}'s transaction: ends the hold on
     * the tenant's pushes and makes their jobs due, waking the workers when the transaction commits. For a
     * reconnect, whose new credentials the refusal of the old ones says nothing about.
     */
    static void resume(Handle handle, JobQueue queue, UUID tenantId) {
        CrmPushes.endHold(handle, tenantId);
        queue.dueNow(handle, QUEUE, tenantId);
    }

    /**
     * Queues again, in {@code handle}'s transaction, the tenant's pushes that failed for good in a way a
     * reconnect mends: Zoho refused the connection ({@link #FAILED_CREDENTIALS}) or there was none
     * ({@link #FAILED_DISCONNECTED}). Each upserts on the enquiry id, so a push that reached Zoho before cannot
     * make a second lead. Pushes Zoho refused for their data stay failed. One whose failure is recorded on its
     * enquiry but not yet on its job (its worker has still to mark it dead) is queued again too, or the
     * reconnect would miss it. Returns how many were queued again.
     */
    static int retryMendedByReconnect(Handle handle, JobQueue queue, UUID tenantId) {
        final EnquiryDao enquiries = handle.attach(EnquiryDao.class);
        final Map<String, UUID> byKey = new HashMap<>();
        for (UUID enquiryId : enquiries.withCrmPushMendedByReconnect(tenantId)) {
            byKey.put(dedupKey(enquiryId), enquiryId);
        }
        if (byKey.isEmpty()) {
            return 0;
        }
        final List<String> retried = queue.retryDeadOrRunning(handle, QUEUE, tenantId, byKey.keySet());
        enquiries.clearCrmPushFailure(tenantId, retried.stream().map(byKey::get).toArray(UUID[]::new));
        return retried.size();
    }

    /**
     * Records, in {@code handle}'s transaction, that the push of {@code enquiryId} found its tenant without a
     * CRM connection ({@link #FAILED_DISCONNECTED}), for a reconnect to queue it again; unless the tenant has
     * connected since the push looked: then nothing is recorded, and false returned. Taken under the lock a
     * reconnect takes first ({@link ZohoConnections#connect}), so either the reconnect sees the record, or
     * this sees the connection.
     */
    public static boolean recordDisconnected(Handle handle, UUID tenantId, UUID enquiryId) {
        final CrmConnectionDao connections = handle.attach(CrmConnectionDao.class);
        connections.lockConnecting(tenantId);
        if (connections.find(tenantId).isPresent()) {
            return false;
        }
        handle.attach(EnquiryDao.class).setCrmPushFailure(tenantId, enquiryId, FAILED_DISCONNECTED);
        return true;
    }

    public static String dedupKey(UUID enquiryId) {
        return "crm_push:" + enquiryId;
    }
}
