package dev.tradeloom.tryon.domain;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.time.Instant;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tradeloom.platform.db.Scope;
import dev.tradeloom.platform.db.Transactor;
import dev.tradeloom.platform.id.Uuid7;
import dev.tradeloom.platform.queue.Job;
import dev.tradeloom.platform.queue.JobFailure;
import dev.tradeloom.platform.queue.JobHandler;
import dev.tradeloom.platform.storage.ImageType;
import dev.tradeloom.platform.storage.ObjectStore;
import dev.tradeloom.tryon.provider.TryOnFailure;
import dev.tradeloom.tryon.provider.TryOnInput;
import dev.tradeloom.tryon.provider.TryOnProvider;
import dev.tradeloom.tryon.store.TryOnJobDao;
import dev.tradeloom.tryon.store.TryOnJobRow;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Runs one try-on job for the queue: reads both photos, asks the provider for the image, stores it under
 * a key of this attempt and records it on the job, fenced on the attempt. A worker whose lease moved on
 * (it stalled and another worker took the job) or whose job was cancelled or deleted records nothing and
 * deletes what it stored; a later attempt that succeeds deletes what earlier attempts' workers may have left
 * when they died between storing and recording. A job ends with exactly one result object: an attempt after
 * one that recorded its result (its worker died between recording and completing) records nothing either.
 * The queued payload carries the photo keys, so a job is run without reading it first.
 */
public final class TryOnRunner implements JobHandler {
    private static final Logger logger = LoggerFactory.getLogger(TryOnRunner.class);

    private final Transactor tx;
    private final ObjectStore store;
    private final TryOnProvider provider;
    private final TryOnMetrics metrics;

    public TryOnRunner(Transactor tx, ObjectStore store, TryOnProvider provider, TryOnMetrics metrics) {
        this.tx = requireNonNull(tx, "tx");
        this.store = requireNonNull(store, "store");
        this.provider = requireNonNull(provider, "provider");
        this.metrics = requireNonNull(metrics, "metrics");
    }

    /** The worker of the job's last attempt died: the user reads why the job failed, in the user's words. */
    @Override
    public String exhausted(Job job) {
        try {
            metrics.finished(JobState.FAILED, Uuid7.timeOf(TryOnJobs.Work.fromJson(job.payload()).jobId()));
        } catch (IOException e) {
            // Unreadable: the job is failed all the same, only not timed.
        }
        return "The try-on did not finish after " + attempts(job) + ". Please submit it again.";
    }

    /** A try-on's state is read from its queue row: the retention sweep deletes the two together. */
    @Override
    public boolean keepsFinishedJobs() {
        return true;
    }

    private static String attempts(Job job) {
        return job.maxAttempts() + (job.maxAttempts() == 1 ? " attempt" : " attempts");
    }

    @Override
    public void handle(Job job) throws JobFailure {
        final TryOnJobs.Work queued;
        try {
            queued = TryOnJobs.Work.fromJson(job.payload());
        } catch (IOException e) {
            throw JobFailure.permanent("Unreadable try-on job: " + e.getMessage());
        }
        final TryOnJobs.@Nullable Work work = queued.hasPhotos() ? queued : withStoredPhotos(queued);
        if (work == null) {
            return; // Deleted meanwhile, or an earlier attempt stored the result: nothing left to do.
        }
        final Instant submittedAt = Uuid7.timeOf(work.jobId());
        if (job.attempt() == 1) {
            metrics.started(submittedAt);
        }
        final TryOnInput input = new TryOnInput(
                read(work, work.personKey(), "photo of you", job, submittedAt),
                read(work, work.garmentKey(), "garment photo", job, submittedAt));
        final TryOnInput.Image image;
        try {
            image = provider.generate(input);
        } catch (TryOnFailure failure) {
            metrics.providerError(provider.name(), failure.kind());
            throw settle(failure, job, submittedAt);
        }
        final String key = Photos.resultKey(work.userId(), work.jobId(), job.attempt(), image.contentType());
        try {
            store.put(key, image.bytes(), image.contentType());
        } catch (SdkException e) {
            throw finalIf(job, submittedAt, JobFailure.retry(
                    "The result could not be saved just now; it will be tried again.", e),
                          "the result could not be saved");
        }
        final boolean recorded = tx.inTransaction(
                Scope.user(work.userId()),
                h -> h.attach(TryOnJobDao.class).recordResult(work.userId(), work.jobId(), job.attempt(), key));
        if (!recorded) {
            logger.info("Try-on job {} attempt {} no longer holds the job (cancelled, deleted, taken over, or "
                        + "an earlier attempt recorded its result); this result is discarded", work.jobId(),
                        job.attempt());
            store.delete(key);
            return;
        }
        if (job.attempt() > 1) {
            // An earlier attempt's worker may have died after storing its image and before recording it.
            Photos.resultKeys(work.userId(), work.jobId(), job.attempt() - 1).forEach(this::deleteQuietly);
        }
        metrics.finished(JobState.SUCCEEDED, submittedAt);
    }

    /**
     * A job queued before its payload carried the photo keys, with the keys read from the job; null when the
     * job was deleted or an earlier attempt stored its result.
     */
    private TryOnJobs.@Nullable Work withStoredPhotos(TryOnJobs.Work work) {
        final @Nullable TryOnJobRow row = tx.inTransaction(
                Scope.user(work.userId()),
                h -> h.attach(TryOnJobDao.class).find(work.userId(), work.jobId()).orElse(null));
        if (row == null || row.resultKey() != null) {
            return null;
        }
        return new TryOnJobs.Work(work.userId(), work.jobId(), row.personPhotoKey(), row.garmentPhotoKey());
    }

    private void deleteQuietly(String key) {
        try {
            store.delete(key);
        } catch (SdkException e) {
            logger.warn("Cannot delete {} left by an earlier attempt ({}); the retention sweep will", key,
                        e.getMessage());
        }
    }

    private TryOnInput.Image read(TryOnJobs.Work work, @Nullable String key, String what, Job job,
                                  Instant submittedAt) throws JobFailure {
        final Optional<byte[]> bytes;
        try {
            bytes = store.get(requireNonNull(key, what));
        } catch (SdkException e) {
            throw finalIf(job, submittedAt, JobFailure.retry(
                    "The photos could not be read just now; it will be tried again.", e),
                          "the photos could not be read");
        }
        if (bytes.isEmpty()) {
            metrics.finished(JobState.FAILED, submittedAt);
            // A key outside the user's own photos is a product's image, which its supplier removed.
            throw JobFailure.permanent(Photos.isPhotoOf(work.userId(), key)
                    ? "The " + what + " was deleted before the try-on ran; upload it again and submit a new "
                      + "try-on."
                    : "The product's image was removed by its supplier before the try-on ran; submit a new "
                      + "try-on of the product to use its current image.");
        }
        // The type was checked at submission; read it again from the bytes, never from the store's metadata.
        final String type = ImageType.sniff(bytes.get()).map(ImageType::contentType).orElse("image/jpeg");
        return new TryOnInput.Image(bytes.get(), type);
    }

    private JobFailure settle(TryOnFailure failure, Job job, Instant submittedAt) {
        if (!failure.kind().isTransient()) {
            metrics.finished(JobState.FAILED, submittedAt);
            return JobFailure.permanent(failure.getMessage());
        }
        final JobFailure retry = failure.retryAfter() != null
                                 ? JobFailure.retryAfter(failure.getMessage(), failure.retryAfter())
                                 : JobFailure.retry(failure.getMessage(), failure);
        return finalIf(job, submittedAt, retry, "the image service was busy or unavailable");
    }

    /**
     * {@code failure}, unless this is the job's last attempt: then the job fails for good, counted as failed,
     * with a reason that says so ({@code why} it failed each time) instead of promising another try.
     */
    private JobFailure finalIf(Job job, Instant submittedAt, JobFailure failure, String why) {
        if (job.attempt() < job.maxAttempts()) {
            return failure;
        }
        metrics.finished(JobState.FAILED, submittedAt);
        return JobFailure.permanent("The try-on failed after " + attempts(job) + ": " + why
                                    + " each time. Please submit it again later.");
    }
}
