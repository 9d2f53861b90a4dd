package dev.tradeloom.platform.queue;

/**
 * Does one job. Returning completes it; throwing {@link JobFailure} retries it later or gives it
 * up, as the failure says; any other exception retries it. Handlers must be idempotent: a job
 * whose worker died is run again.
 */
@FunctionalInterface
public interface JobHandler {
    void handle(Job job) throws JobFailure;
}
