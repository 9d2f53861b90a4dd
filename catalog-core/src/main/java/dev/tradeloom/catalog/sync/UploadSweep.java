package dev.tradeloom.catalog.sync;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tradeloom.catalog.domain.Images;
import dev.tradeloom.platform.task.Periodic;

/**
 * Deletes the files of presigned uploads that were never completed (a closed tab, a crashed app), at start
 * and then periodically, once their URL expired more than a grace period ago: until then a PUT started
 * just before the expiry may still be arriving. Every replica sweeps; they never trip over each other.
 */
public final class UploadSweep implements AutoCloseable {
    private static final Logger logger = LoggerFactory.getLogger(UploadSweep.class);

    private final Images images;
    private final Periodic timer = new Periodic("image-upload-sweep");

    private UploadSweep(Images images) {
        this.images = requireNonNull(images, "images");
    }

    /** Sweeps now and then every {@code every}, in the background. */
    public static UploadSweep start(Images images, Duration every) {
        final UploadSweep sweep = new UploadSweep(images);
        sweep.timer.runEvery(Duration.ZERO, every, sweep::sweepLogged);
        return sweep;
    }

    /**
     * Sweeps on the caller's thread as if it were {@code now}: deletes the uploads whose URL expired before
     * {@code now} minus the grace period; returns how many.
     */
    public int sweep(Instant now) {
        requireNonNull(now, "now");
        return images.sweepAbandoned(now.minus(images.sweepGrace()));
    }

    private void sweepLogged() {
        final int deleted = sweep(Instant.now());
        if (deleted > 0) {
            logger.info("Deleted {} image uploads that were never completed", deleted);
        }
    }

    @Override
    public void close() {
        timer.close();
    }
}
