package dev.tradeloom.catalog.sync;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tradeloom.catalog.domain.ImageSizes;
import dev.tradeloom.platform.task.Periodic;

/**
 * Records, in the background after start, the sizes of images recorded before sizes were read, until one run
 * has gone through all of them; a run that fails (the database or the store away) is tried again later. Images
 * recorded since always have a size, so one complete run per start suffices.
 */
public final class ImageSizeBackfill implements AutoCloseable {
    private static final Logger logger = LoggerFactory.getLogger(ImageSizeBackfill.class);
    private static final Duration RETRY_EVERY = Duration.ofMinutes(5);

    private final ImageSizes sizes;
    private final Periodic timer = new Periodic("image-size-backfill");
    private volatile boolean done;

    private ImageSizeBackfill(ImageSizes sizes) {
        this.sizes = requireNonNull(sizes, "sizes");
    }

    /** Starts the backfill now, in the background. */
    public static ImageSizeBackfill start(ImageSizes sizes) {
        final ImageSizeBackfill backfill = new ImageSizeBackfill(sizes);
        backfill.timer.runEvery(Duration.ZERO, RETRY_EVERY, backfill::runUntilDone);
        return backfill;
    }

    /** Records the missing sizes on the caller's thread; returns how many were recorded. */
    public int run() {
        return sizes.recordMissing();
    }

    private void runUntilDone() {
        if (done) {
            return;
        }
        final int recorded = run();
        done = true;
        if (recorded > 0) {
            logger.info("Recorded the sizes of {} images uploaded before sizes were read", recorded);
        }
    }

    @Override
    public void close() {
        timer.close();
    }
}
