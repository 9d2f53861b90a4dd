package dev.tradeloom.tryon.domain;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.tradeloom.platform.db.Transactor;
import dev.tradeloom.platform.queue.Job;
import dev.tradeloom.platform.queue.JobFailure;
import dev.tradeloom.platform.queue.JobHandler;
import dev.tradeloom.platform.queue.NewJob;
import dev.tradeloom.tryon.store.TryOnJobRow;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Deletes the stored objects of a job its user deleted: its result (or, with none recorded, whatever its
 * attempts may have stored) and those of its photos no other job of the user uses. Queued in the transaction
 * that deletes the job's rows: a store that is down when the user deletes a job delays the deletion, retried
 * until the store takes it, rather than failing the call and leaving objects that no row names.
 */
public final class DeletedJobObjects implements JobHandler {
    public static final String QUEUE = "tryon_deleted_objects";
    /** With the worker's backoff (capped at {@code JOB_BACKOFF_CAP}, 10 minutes), several hours of retries. */
    private static final int MAX_ATTEMPTS = 100;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PhotoCleanup cleanup;

    /** What a deletion carries: whose objects, and their keys. */
    record Leftovers(UUID userId, UUID jobId, List<String> photoKeys, List<String> resultKeys) {}

    public DeletedJobObjects(Transactor tx, Photos photos) {
        cleanup = new PhotoCleanup(requireNonNull(tx, "tx"), requireNonNull(photos, "photos"));
    }

    /** The deletion of the objects of {@code job}, whose rows are being deleted. */
    static NewJob of(TryOnJobRow job) {
        final Leftovers leftovers = new Leftovers(job.userId(), job.id(),
                                                  List.copyOf(PhotoCleanup.ownPhotos(job)),
                                                  PhotoCleanup.resultKeys(job));
        final String payload;
        try {
            payload = JSON.writeValueAsString(leftovers);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot write a deletion's payload", e);
        }
        return NewJob.of(QUEUE, "deleted:" + job.id(), payload).maxAttempts(MAX_ATTEMPTS);
    }

    @Override
    public void handle(Job job) throws JobFailure {
        final Leftovers leftovers;
        try {
            leftovers = JSON.readValue(job.payload(), Leftovers.class);
        } catch (IOException e) {
            throw JobFailure.permanent("Unreadable deletion of a try-on job's objects: " + e.getMessage());
        }
        // Asked now, not when the job was deleted: a job submitted since with one of the photos keeps it.
        final Set<String> photoKeys = new HashSet<>(leftovers.photoKeys());
        cleanup.removeUsed(leftovers.userId(), photoKeys, null);
        try {
            cleanup.delete(photoKeys);
            cleanup.delete(leftovers.resultKeys());
        } catch (SdkException e) {
            throw JobFailure.retry("The object store did not take the deletion of try-on job "
                                   + leftovers.jobId() + "'s files; it will be tried again.", e);
        }
    }
}
