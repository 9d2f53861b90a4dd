package dev.tradeloom.platform.queue;

/**
 * Does one job. Returning completes it; throwing {@link JobFailure} retries it later or gives it
 * up, as the failure says; any other exception retries it. Handlers must be idempotent: a job
 * whose worker died is run again.
 */
@FunctionalInterface
public interface JobHandler {
    void handle(Job job) throws JobFailure;

    /**
     * Why {@code job} gave up without running again: the worker of its last attempt died (its lease ran out).
     * Kept as the job's last error, which a service may show its users in its own words.
     */
    default String exhausted(Job job) {
        return "gave up after " + job.maxAttempts() + " attempts (the worker's lease expired)";
    }

    /**
     * Whether the queue's finished jobs are kept past the worker's retention (left to the service to delete),
     * as when a job's row is the state its users read.
     */
    default boolean keepsFinishedJobs() {
        return false;
    }
}
