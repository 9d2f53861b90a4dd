package dev.tradeloom.platform.queue;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a claimed job's handler and records what became of it: done; retried with the worker's backoff (or
 * the handler's delay) while attempts remain; dead when the failure is permanent or the attempts ran out; or,
 * when busy ({@link JobFailure#busy}), put back without spending an attempt. A job put off wakes the
 * dispatcher when it comes due ({@link DueWakes}).
 */
final class JobOutcomes {
    private static final Logger logger = LoggerFactory.getLogger(JobOutcomes.class);

    private final Map<String, JobHandler> handlers;
    private final QueueWorkerSettings settings;
    private final JobClaims claims;
    private final DueWakes dueWakes;

    JobOutcomes(Map<String, JobHandler> handlers, QueueWorkerSettings settings, JobClaims claims,
                DueWakes dueWakes) {
        this.handlers = handlers;
        this.settings = settings;
        this.claims = claims;
        this.dueWakes = dueWakes;
    }

    /** Runs {@code job}'s handler and records what happened; returns the outcome. */
    String execute(Job job) {
        if (job.attempt() > job.maxAttempts()) {
            claims.fail(job, "dead", Instant.now(), handlers.get(job.queue()).exhausted(job), null);
            return "dead";
        }
        try {
            handlers.get(job.queue()).handle(job);
        } catch (JobFailure failure) {
            if (failure.busy()) {
                final Instant due = Instant.now().plus(requireNonNull(failure.retryAfter()));
                claims.putBack(job, due);
                dueWakes.wakeAt(due);
                return "busy";
            }
            return settle(job, failure.getMessage(), failure.permanent(), failure.retryAfter(),
                          failure.remainingPayload());
        } catch (RuntimeException e) {
            // The boundary between the queue and handler code: an unexpected fault is retried, never lost.
            logger.warn("Job {} of {} failed unexpectedly", job.id(), job.queue(), e);
            return settle(job, e.toString(), false, null, null);
        }
        complete(job);
        return "done";
    }

    private String settle(Job job, String reason, boolean permanent, @Nullable Duration retryAfter,
                          @Nullable String remainingPayload) {
        if (permanent || job.attempt() >= job.maxAttempts()) {
            claims.fail(job, "dead", Instant.now(), reason, remainingPayload);
            return "dead";
        }
        final Instant due = Instant.now().plus(retryAfter != null ? retryAfter
                                                                  : settings.backoff(job.attempt()));
        claims.fail(job, "queued", due, reason, remainingPayload);
        dueWakes.wakeAt(due);
        return "retry";
    }

    private void complete(Job job) {
        if (!claims.complete(job)) {
            logger.info("Job {} finished after its lease moved on (cancelled or reclaimed); outcome ignored",
                        job.id());
        }
    }
}
