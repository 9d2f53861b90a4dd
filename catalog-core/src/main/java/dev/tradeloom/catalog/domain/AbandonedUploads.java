package dev.tradeloom.catalog.domain;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;

import dev.tradeloom.catalog.store.ImageUploadDao;
import dev.tradeloom.platform.db.Transactor;
import dev.tradeloom.platform.storage.ObjectStore;
import dev.tradeloom.platform.task.BoundedSweep;

/**
 * The presigned uploads {@link Images} issued whose URL has long expired: their files are deleted with their
 * pending rows, whether the upload was never completed or the URL wrote again after its completion or
 * rejection. Recorded images are never under these keys.
 */
public final class AbandonedUploads {
    private static final int SWEEP_BATCH = 100;
    private static final int SWEEP_BATCHES_PER_RUN = 10;

    private final Transactor tx;
    private final ObjectStore store;

    public AbandonedUploads(Transactor tx, ObjectStore store) {
        this.tx = requireNonNull(tx, "tx");
        this.store = requireNonNull(store, "store");
    }

    /**
     * Deletes the files and pending rows of presigned uploads, of every tenant, whose URL expired before
     * {@code before}; returns how many uploads. Bounded per call (the rest waits for the next one). Safe to
     * run on several replicas at once: each pending row is taken by one of them, and deleting a missing file
     * is no error.
     */
    public int sweep(Instant before) {
        requireNonNull(before, "before");
        return BoundedSweep.run(SWEEP_BATCH, SWEEP_BATCHES_PER_RUN,
                                limit -> tx.inSystem(h -> h.attach(ImageUploadDao.class).expired(before, limit)),
                                upload -> delete(upload, before));
    }

    /** How long after its URL's expiry an upload is left alone, so that a PUT in flight is not raced. */
    public Duration grace() {
        return store.config().uploadTtl();
    }

    /**
     * Deletes the file of an abandoned upload while holding its pending row, then forgets the row; nothing
     * when the upload was completed or another sweep took it meanwhile. A failed delete keeps the row.
     */
    private boolean delete(ImageUploadDao.UploadRef upload, Instant before) {
        return tx.inTenant(upload.tenantId(), h -> {
            if (!h.attach(ImageUploadDao.class).deleteExpired(upload.tenantId(), upload.key(), before)) {
                return false;
            }
            store.delete(upload.key());
            return true;
        });
    }
}
