package dev.tradeloom.tryon.domain;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jdbi.v3.core.Handle;
import org.jspecify.annotations.Nullable;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.tradeloom.api.v1.Permission;
import dev.tradeloom.platform.api.Page;
import dev.tradeloom.platform.api.PageTokens;
import dev.tradeloom.platform.auth.Caller;
import dev.tradeloom.platform.auth.PermissionMatrix;
import dev.tradeloom.platform.db.Scope;
import dev.tradeloom.platform.db.Transactor;
import dev.tradeloom.platform.error.ApiException;
import dev.tradeloom.platform.error.FailedPreconditionException;
import dev.tradeloom.platform.error.NotFoundException;
import dev.tradeloom.platform.error.PermissionDeniedException;
import dev.tradeloom.platform.id.Uuid7;
import dev.tradeloom.platform.queue.JobQueue;
import dev.tradeloom.platform.queue.NewJob;
import dev.tradeloom.platform.storage.ImageType;
import dev.tradeloom.tryon.store.PhotoUploadDao;
import dev.tradeloom.tryon.store.TryOnJobDao;
import dev.tradeloom.tryon.store.TryOnJobRow;

/**
 * A user's try-on jobs: submitting (idempotent, within quotas), reading, cancelling and deleting. The job
 * row and its queue row are written in one transaction, so a job is never stored without being queued.
 */
public final class TryOnJobs {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int DEFAULT_PAGE = 20;
    private static final int MAX_PAGE = 100;

    private final Transactor tx;
    private final JobQueue queue;
    private final Photos photos;
    private final ProductImages productImages;
    private final TryOnSettings settings;
    private final TryOnQuotas quotas;
    private final PhotoCleanup cleanup;

    /**
     * What a queued job carries: whose job it is, so the worker can act as that user, and the keys of its two
     * photos, so the worker need not read the job first. Jobs queued before the keys were carried have none.
     */
    public record Work(UUID userId, UUID jobId, @Nullable String personKey, @Nullable String garmentKey) {
        static Work fromJson(String json) throws IOException {
            return JSON.readValue(json, Work.class);
        }

        boolean hasPhotos() {
            return personKey != null && garmentKey != null;
        }

        String toJson() {
            try {
                return JSON.writeValueAsString(this);
            } catch (IOException e) {
                throw new IllegalStateException("Cannot write a try-on job payload", e);
            }
        }
    }

    public TryOnJobs(Transactor tx, JobQueue queue, Photos photos, ProductImages productImages,
                     TryOnSettings settings) {
        this.tx = requireNonNull(tx, "tx");
        this.productImages = requireNonNull(productImages, "productImages");
        this.queue = requireNonNull(queue, "queue");
        this.photos = requireNonNull(photos, "photos");
        this.settings = requireNonNull(settings, "settings");
        quotas = new TryOnQuotas(settings);
        cleanup = new PhotoCleanup(tx, photos);
    }

    /**
     * Queues a try-on of {@code garment} on {@code personKey} for {@code caller}, counted against the
     * caller's daily quota and, when {@code tenantId} is given, the tenant's. A repeated {@code requestId}
     * returns the first job without counting again. Uploaded photos are checked and the versions checked
     * copied to keys no upload URL covers (see {@link Photos#accept}); the job uses the copies, and the
     * uploads are deleted once it is queued.
     */
    public TryOnJobRow submit(Caller caller, UUID requestId, String personKey, Garment garment,
                              @Nullable UUID tenantId) {
        requireNonNull(caller, "caller");
        requireNonNull(requestId, "requestId");
        final UUID userId = caller.userId();
        if (tenantId != null && !caller.platformAdmin()
            && !PermissionMatrix.allows(caller.roleIn(tenantId), Permission.PERMISSION_TRYON_USE)) {
            throw new PermissionDeniedException("TRYON_NOT_ALLOWED", "Your role in tenant " + tenantId
                                                                     + " does not allow try-ons for it");
        }
        final @Nullable TryOnJobRow earlier = findByRequest(userId, requestId);
        if (earlier != null) {
            return earlier;
        }
        // Checked before the transaction opens: no database connection waits on the object store.
        final List<String> copies = new ArrayList<>();
        boolean queued = false;
        try {
            final String person = accept(copies, "person_photo_key", userId, personKey);
            final String garmentKey;
            if (garment instanceof Garment.Upload upload) {
                garmentKey = accept(copies, "garment_photo_key", userId, upload.key());
            } else {
                final Garment.Product product = (Garment.Product) garment;
                garmentKey = productImages.imageKey(product.tenantId(), product.productId());
            }
            final TryOnJobRow job = queue(userId, requestId, person, garmentKey, tenantId);
            // Another key means a retry running alongside queued its own copies first.
            queued = job.personPhotoKey().equals(person) && job.garmentPhotoKey().equals(garmentKey);
            if (queued) {
                cleanup.deleteUploads(userId, personKey, garment);
            }
            return job;
        } catch (ApiException e) {
            // A retry of a submit still in flight finds the uploads the first one consumed gone.
            final @Nullable TryOnJobRow first = findByRequest(userId, requestId);
            if (first != null) {
                return first;
            }
            throw e;
        } finally {
            if (!queued) {
                copies.forEach(photos.store()::delete);
            }
        }
    }

    private @Nullable TryOnJobRow findByRequest(UUID userId, UUID requestId) {
        return tx.inTransaction(Scope.user(userId),
                                h -> h.attach(TryOnJobDao.class).findByRequest(userId, requestId).orElse(null));
    }

    /** Accepts one photo of the submit; a copy it makes is added to {@code copies}. */
    private String accept(List<String> copies, String field, UUID userId, String key) {
        final String accepted = photos.accept(field, userId, key);
        if (!accepted.equals(key)) {
            copies.add(accepted);
        }
        return accepted;
    }

    /**
     * Stores and queues a job whose photos were checked (see {@link #submit}), counting it against the
     * quotas; a repeated {@code requestId} returns the first job. One transaction.
     */
    public TryOnJobRow queue(UUID userId, UUID requestId, String personKey, String garmentKey,
                             @Nullable UUID tenantId) {
        final UUID id = Uuid7.next();
        return tx.inTransaction(Scope.user(userId), h -> {
            final TryOnJobDao jobs = h.attach(TryOnJobDao.class);
            if (!jobs.insert(userId, id, requestId, tenantId, personKey, garmentKey)) {
                // A concurrent retry with the same request id committed first.
                return jobs.findByRequest(userId, requestId).orElseThrow();
            }
            quotas.take(h, userId, tenantId);
            // Its photo copies are the job's now, no longer left to the upload sweep (see Photos#accept).
            h.attach(PhotoUploadDao.class).forget(userId, new String[] {personKey, garmentKey});
            final Work work = new Work(userId, id, personKey, garmentKey);
            queue.enqueue(h, new NewJob(TryOnJobDao.QUEUE, id.toString(), work.toJson(), tenantId, null,
                                        settings.maxAttempts()));
            return jobs.find(userId, id).orElseThrow();
        });
    }

    /** One of {@code userId}'s jobs; NOT_FOUND for anyone else's. */
    public TryOnJobRow get(UUID userId, UUID jobId) {
        return tx.inTransaction(Scope.user(userId), h -> find(h, userId, jobId));
    }

    /** {@code userId}'s jobs, newest first. */
    public Page<TryOnJobRow> list(UUID userId, int pageSize, String pageToken) {
        final int size = PageTokens.pageSize(pageSize, DEFAULT_PAGE, MAX_PAGE);
        final @Nullable UUID after = pageToken.isEmpty() ? null
                                                         : PageTokens.uuid(PageTokens.decode(pageToken, 1).get(0));
        final List<TryOnJobRow> rows = tx.inTransaction(
                Scope.user(userId), h -> h.attach(TryOnJobDao.class).list(userId, after, size + 1));
        return Page.of(rows, size, last -> PageTokens.encode(last.id().toString()));
    }

    /** Cancels a queued or running job; a job that already ended is FAILED_PRECONDITION. */
    public TryOnJobRow cancel(UUID userId, UUID jobId) {
        final TryOnJobRow job = get(userId, jobId);
        final boolean cancelled = tx.inTransaction(Scope.user(userId), h -> {
            final Optional<Integer> attempts = h.attach(TryOnJobDao.class).queueJobId(jobId)
                                                .flatMap(queued -> queue.cancel(h, queued));
            if (attempts.isPresent() && attempts.get() == 0) {
                TryOnQuotas.giveBack(h, job);
            }
            return attempts.isPresent();
        });
        if (!cancelled) {
            throw new FailedPreconditionException("TRYON_JOB_ENDED", "The try-on job already ended ("
                                                                     + JobState.fromQueue(job.queueState())
                                                                               .label()
                                                                     + "); only queued or running jobs can be "
                                                                     + "cancelled");
        }
        return get(userId, jobId);
    }

    /**
     * Deletes the job, stopping it first if it still runs, and its result; its photos too, unless another of
     * the user's jobs still uses them. The files go through the queue ({@link DeletedJobObjects}) just after.
     */
    public void delete(UUID userId, UUID jobId) {
        tx.inTransaction(Scope.user(userId), h -> {
            final TryOnJobRow found = find(h, userId, jobId);
            if (deleteRows(h, found)) {
                TryOnQuotas.giveBack(h, found);
            }
            // Its files go once this commits, retried while the store refuses: none is left unnamed.
            queue.enqueue(h, DeletedJobObjects.of(found));
            return null;
        });
    }

    /**
     * Deletes a job the retention period has passed, its objects first: should the store refuse, the row stays
     * for the next sweep to try again, where photos no row names any more would stay for good. False when the
     * job is already gone.
     */
    boolean expire(UUID userId, UUID jobId) {
        final @Nullable TryOnJobRow job = tx.inTransaction(
                Scope.user(userId), h -> h.attach(TryOnJobDao.class).find(userId, jobId).orElse(null));
        if (job == null) {
            return false;
        }
        cleanup.deleteObjects(job, cleanup.unusedPhotos(job));
        return tx.inTransaction(Scope.user(userId), h -> {
            final @Nullable TryOnJobRow found = h.attach(TryOnJobDao.class).find(userId, jobId).orElse(null);
            if (found != null) {
                deleteRows(h, found);
            }
            return found != null;
        });
    }

    /** Deletes the job's rows; returns whether it was still waiting for its first run. */
    private static boolean deleteRows(Handle h, TryOnJobRow job) {
        final TryOnJobDao jobs = h.attach(TryOnJobDao.class);
        jobs.delete(job.userId(), job.id());
        return jobs.deleteQueueRow(job.id()).orElse(false);
    }

    private static TryOnJobRow find(Handle h, UUID userId, UUID jobId) {
        return h.attach(TryOnJobDao.class).find(userId, jobId).orElseThrow(
                () -> new NotFoundException("TRYON_JOB_NOT_FOUND", "No try-on job " + jobId + " of yours"));
    }

    /** The type of an upload the caller is about to make; see {@link Photos#newUploadKey}. */
    public static ImageType uploadType(String contentType) {
        for (ImageType type : ImageType.values()) {
            if (type.contentType().equals(contentType)) {
                return type;
            }
        }
        throw new IllegalArgumentException("contentType: " + contentType + " (expected: " + ImageType.accepted()
                                           + ')');
    }
}
