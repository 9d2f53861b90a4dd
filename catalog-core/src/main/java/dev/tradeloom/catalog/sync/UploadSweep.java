package dev.tradeloom.catalog.sync;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tradeloom.catalog.domain.AbandonedUploads;
import dev.tradeloom.platform.task.Periodic;

/**
 * Deletes what is left under the keys of presigned uploads (a file never completed after a closed tab or a
 * crashed app, or one written through the URL after its upload was completed or rejected), at start and
 * then periodically, once their URL expired more than a grace period ago: until then a PUT started just
 * before the expiry may still be arriving. Images are recorded under other keys and never swept. Every
 * replica sweeps; they never trip over each other.
 */
public final class UploadSweep implements AutoCloseable {
    private static final Logger logger = LoggerFactory.getLogger(UploadSweep.class);

    private final AbandonedUploads uploads;
    private final Periodic timer = new Periodic("image-upload-sweep");

    private UploadSweep(AbandonedUploads uploads) {
        this.uploads = requireNonNull(uploads, "uploads");
    }

    /** Sweeps now and then every {@code every}, in the background. */
    public static UploadSweep start(AbandonedUploads uploads, Duration every) {
        final UploadSweep sweep = new UploadSweep(uploads);
        sweep.timer.runEvery(Duration.ZERO, every, sweep::sweepLogged);
        return sweep;
    }

    /**
     * Sweeps on the caller's thread as if it were {@code now}: deletes the uploads whose URL expired before
     * {@code now} minus the grace period; returns how many.
     */
    public int sweep(Instant now) {
        requireNonNull(now, "now");
        return uploads.sweep(now.minus(uploads.grace()));
    }

    private void sweepLogged() {
        final int deleted = sweep(Instant.now());
        if (deleted > 0) {
            logger.info("Deleted the files of {} expired image uploads", deleted);
        }
    }

    @Override
    public void close() {
        timer.close();
    }
}
