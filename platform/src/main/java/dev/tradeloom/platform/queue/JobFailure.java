package dev.tradeloom.platform.queue;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/** Why a job did not complete, and whether trying again can help. */
public final class JobFailure extends Exception {
    private static final long serialVersionUID = 1L;

    private final boolean permanent;
    private final boolean busy;
    private final @Nullable Duration retryAfter;
    private final @Nullable String remainingPayload;

    private JobFailure(String reason, boolean permanent, boolean busy, @Nullable Duration retryAfter,
                       @Nullable Throwable cause, @Nullable String remainingPayload) {
        super(requireNonNull(reason, "reason"), cause);
        this.permanent = permanent;
        this.busy = busy;
        this.retryAfter = retryAfter;
        this.remainingPayload = remainingPayload;
    }

    /** A passing fault (an outage, a timeout): retried with backoff until the attempts run out. */
    public static JobFailure retry(String reason, @Nullable Throwable cause) {
        return new JobFailure(reason, false, false, null, cause, null);
    }

    /** A passing fault whose peer said when to come back. */
    public static JobFailure retryAfter(String reason, Duration delay) {
        return new JobFailure(reason, false, false, requireNonNull(delay, "delay"), null, null);
    }

    /**
     * Not the job's turn: what it needs is held by another (say, a push to the same peer that may carry
     * this job's work too). The job goes back to the queue, due after {@code delay}, without spending an
     * attempt, and its thread is free for other jobs at once.
     */
    public static JobFailure busy(String reason, Duration delay) {
        return new JobFailure(reason, false, true, requireNonNull(delay, "delay"), null, null);
    }

    /** Trying again cannot help (bad data, refused for good): the job is dead at once. */
    public static JobFailure permanent(String reason) {
        return new JobFailure(reason, true, false, null, null, null);
    }

    /**
     * This failure, with the part of the job's work left undone (say, the recipients an email did not reach)
     * as the payload any later attempt runs with, automatic or a manual retry, so done work is not redone.
     */
    public JobFailure leaving(String payloadJson) {
        return new JobFailure(getMessage(), permanent, busy, retryAfter, getCause(),
                              requireNonNull(payloadJson, "payloadJson"));
    }

    public boolean permanent() {
        return permanent;
    }

    public boolean busy() {
        return busy;
    }

    public @Nullable Duration retryAfter() {
        return retryAfter;
    }

    /** The payload later attempts run with, or null to keep the job's own. */
    public @Nullable String remainingPayload() {
        return remainingPayload;
    }
}
