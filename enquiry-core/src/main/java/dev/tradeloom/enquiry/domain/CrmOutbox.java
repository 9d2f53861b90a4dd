package dev.tradeloom.enquiry.domain;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;

import org.jdbi.v3.core.Handle;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.tradeloom.enquiry.store.CrmConnectionDao;
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
        handle.attach(CrmConnectionDao.class).endPushHold(tenantId);
        queue.dueNow(handle, QUEUE, tenantId);
    }

    public static String dedupKey(UUID enquiryId) {
        return "crm_push:" + enquiryId;
    }
}
