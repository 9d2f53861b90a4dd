package dev.tradeloom.enquiry.domain;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;

import org.jdbi.v3.core.Handle;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.tradeloom.enquiry.store.EnquiryRow;
import dev.tradeloom.platform.queue.JobQueue;
import dev.tradeloom.platform.queue.NewJob;

/**
 * CRM pushes through the outbox: a job per enquiry, enqueued in the enquiry's transaction when the
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

    private final JobQueue queue;

    public CrmOutbox(JobQueue queue) {
        this.queue = requireNonNull(queue, "queue");
    }

    /** What a push job carries: which enquiry of which tenant. */
    public record Push(UUID tenantId, UUID enquiryId) {
        public static Push fromJson(String json) throws IOException {
            return JSON.readValue(json, Push.class);
        }
    }

    /** Enqueues, in {@code handle}'s transaction, the push of {@code enquiry} to its tenant's CRM. */
    void enqueue(Handle handle, EnquiryRow enquiry) {
        final String payload;
        try {
            payload = JSON.writeValueAsString(new Push(enquiry.tenantId(), enquiry.id()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        queue.enqueue(handle, NewJob.of(QUEUE, dedupKey(enquiry.id()), payload).forTenant(enquiry.tenantId())
                                    .maxAttempts(MAX_ATTEMPTS));
    }

    public static String dedupKey(UUID enquiryId) {
        return "crm_push:" + enquiryId;
    }
}
