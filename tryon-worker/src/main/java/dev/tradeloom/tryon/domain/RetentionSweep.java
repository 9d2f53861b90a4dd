package dev.tradeloom.tryon.domain;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tradeloom.platform.db.Scope;
import dev.tradeloom.platform.db.Transactor;
import dev.tradeloom.platform.task.Periodic;
import dev.tradeloom.tryon.store.TryOnJobDao;

/**
 * Deletes jobs older than the retention period with their photos and results, and what is left under the
 * keys of photo uploads whose URL expired more than a grace period ago ({@link Photos#sweepUploads}), at
 * start and then every sweep interval. Replicas may sweep at the same time: each deletion happens once (the
 * row is gone for the second) and deleting a missing object is no error.
 */
public final class RetentionSweep implements AutoCloseable {
    private static final Logger logger = LoggerFactory.getLogger(RetentionSweep.class);
    private static final int BATCH = 100;

    private final Transactor tx;
    private final TryOnJobs jobs;
    private final Photos photos;
    private final TryOnSettings settings;
    private final Periodic timer = new Periodic("tryon-retention");

    public RetentionSweep(Transactor tx, TryOnJobs jobs, Photos photos, TryOnSettings settings) {
        this.tx = requireNonNull(tx, "tx");
        this.jobs = requireNonNull(jobs, "jobs");
        this.photos = requireNonNull(photos, "photos");
        this.settings = requireNonNull(settings, "settings");
    }

    /** Sweeps now and then every sweep interval, in the background. */
    public RetentionSweep start() {
        timer.runEvery(Duration.ZERO, settings.sweepInterval(), this::sweepLogged);
        return this;
    }

    /** Deletes every job submitted before now minus the retention period; returns how many. */
    public int sweep() {
        final Instant before = Instant.now().minus(settings.retention());
        int deleted = 0;
        while (true) {
            final List<TryOnJobDao.JobRef> expired = tx.inTransaction(
                    Scope.system(), h -> h.attach(TryOnJobDao.class).expired(before, BATCH));
            for (TryOnJobDao.JobRef job : expired) {
                if (jobs.expire(job.userId(), job.id())) {
                    deleted++;
                }
            }
            if (expired.size() < BATCH) {
                return deleted;
            }
        }
    }

    /**
     * Deletes what is left under the keys of photo uploads whose URL expired more than the grace period ago,
     * so that a PUT still in flight is not raced; returns how many uploads.
     */
    public int sweepUploads() {
        return photos.sweepUploads(Instant.now().minus(photos.sweepGrace()));
    }

    private void sweepLogged() {
        final int deleted = sweep();
        if (deleted > 0) {
            logger.info("Deleted {} try-on jobs older than {} with their photos and results", deleted,
                        settings.retention());
        }
        final int uploads = sweepUploads();
        if (uploads > 0) {
            logger.info("Deleted the files of {} expired try-on photo uploads", uploads);
        }
    }

    @Override
    public void close() {
        timer.close();
    }
}
