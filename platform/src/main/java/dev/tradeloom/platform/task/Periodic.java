package dev.tradeloom.platform.task;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A daemon thread that runs background work (a sweep, a feed pull, a key check) again and again, each run
 * a fixed delay after the previous one ends. A run that throws is logged and the next run tries again: an
 * exception escaping a scheduled task would cancel every later run.
 */
public final class Periodic implements AutoCloseable {
    private static final Logger logger = LoggerFactory.getLogger(Periodic.class);

    private final String name;
    private final ScheduledExecutorService timer;

    /** A timer whose thread, and whose failures in the log, are named {@code name}. */
    public Periodic(String name) {
        this.name = requireNonNull(name, "name");
        timer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named(name));
    }

    /** Runs {@code task} after {@code firstDelay}, then {@code every} after each run ends, until closed. */
    public void runEvery(Duration firstDelay, Duration every, Runnable task) {
        requireNonNull(firstDelay, "firstDelay");
        requireNonNull(every, "every");
        requireNonNull(task, "task");
        timer.scheduleWithFixedDelay(() -> runLogged(task, every), firstDelay.toMillis(), every.toMillis(),
                                     TimeUnit.MILLISECONDS);
    }

    private void runLogged(Runnable task, Duration every) {
        try {
            task.run();
        } catch (RuntimeException e) {
            // A dependency (the database, a bucket, another service) may be briefly away.
            logger.warn("{} failed ({}); trying again in {}", name, e, every);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
