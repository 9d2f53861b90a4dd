package dev.tradeloom.platform.mail;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;

import org.jdbi.v3.core.Handle;
import org.jspecify.annotations.Nullable;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.tradeloom.platform.queue.JobFailure;
import dev.tradeloom.platform.queue.JobHandler;
import dev.tradeloom.platform.queue.JobQueue;
import dev.tradeloom.platform.queue.NewJob;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.AddressException;

/**
 * Email through the outbox: {@link #enqueue} records the email in the caller's transaction (or
 * {@link #job} describes it, for the caller to enqueue with other jobs); the {@link #handler()}
 * renders and sends it, retrying while the SMTP server is unreachable.
 */
public final class MailOutbox {
    /** The queue that carries email jobs. */
    public static final String QUEUE = "mail";
    /**
     * With the queue's default backoff (full jitter from 1 s, capped at 10 minutes), ten attempts gave up
     * after about four minutes of an SMTP outage; this many ride out one of hours. After that the email
     * is kept as a failed delivery for a manual retry, never lost.
     */
    static final int MAX_ATTEMPTS = 25;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JobQueue queue;
    private final MailTemplates templates;
    private final Mailer mailer;

    public MailOutbox(JobQueue queue, MailTemplates templates, Mailer mailer) {
        this.queue = requireNonNull(queue, "queue");
        this.templates = requireNonNull(templates, "templates");
        this.mailer = requireNonNull(mailer, "mailer");
    }

    /** Enqueues {@code request} once per {@code dedupKey}, in {@code handle}'s transaction. */
    public void enqueue(Handle handle, String dedupKey, MailRequest request) {
        enqueue(handle, dedupKey, request, null);
    }

    /**
     * Enqueues {@code request} once per {@code dedupKey}, in {@code handle}'s transaction, as an email
     * of {@code tenantId} (null: of no tenant), so the tenant can see it if it fails.
     */
    public void enqueue(Handle handle, String dedupKey, MailRequest request, @Nullable UUID tenantId) {
        queue.enqueue(handle, job(dedupKey, request, tenantId));
    }

    /**
     * The job that sends {@code request} once per {@code dedupKey}, as an email of {@code tenantId} (null:
     * of no tenant), for a caller that enqueues it with other jobs ({@link JobQueue#enqueueAll}).
     */
    public static NewJob job(String dedupKey, MailRequest request, @Nullable UUID tenantId) {
        requireNonNull(dedupKey, "dedupKey");
        requireNonNull(request, "request");
        return NewJob.of(QUEUE, dedupKey, json(request)).forTenant(tenantId).maxAttempts(MAX_ATTEMPTS);
    }

    static String json(Object payload) {
        try {
            return JSON.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialize a mail request", e);
        }
    }

    public JobHandler handler() {
        return job -> {
            final MailJob mail;
            try {
                mail = JSON.readValue(job.payload(), MailJob.class);
            } catch (IOException e) {
                throw JobFailure.permanent("Unreadable mail job: " + e.getMessage());
            }
            try {
                mailer.send(templates.render(mail.request()));
            } catch (SendFailedException e) {
                throw SmtpRefusal.judged(e, mail);
            } catch (AddressException e) {
                // Malformed text stays malformed: retrying would only put the failure off for hours.
                throw JobFailure.permanent("Cannot address mail to '" + e.getRef() + "': " + e.getMessage());
            } catch (MessagingException e) {
                throw SmtpRefusal.outage(e, mail);
            } catch (UncheckedIOException | IllegalArgumentException e) {
                throw JobFailure.permanent("Cannot render mail: " + e.getMessage());
            }
            final @Nullable JobFailure refused = SmtpRefusal.refusedEarlier(mail);
            if (refused != null) {
                throw refused;
            }
        };
    }
}
