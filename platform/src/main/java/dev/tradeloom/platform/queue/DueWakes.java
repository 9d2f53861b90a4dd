package dev.tradeloom.platform.queue;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.tradeloom.platform.task.DaemonThreads;

/**
 * Wakes a worker's dispatcher when a job it put off comes due, rather than at the next poll (which had left
 * the last busy CRM pushes of the enquiry benchmark's drain waiting up to 2 s a round). Wakes are kept to one
 * per {@link #TICK}, however many jobs come due in it.
 */
final class DueWakes implements AutoCloseable {
    private static final Duration TICK = Duration.ofMillis(50);

    private final Runnable wake;
    private final Duration pollInterval;
    /** The {@link #TICK}s at whose end a wake is scheduled. */
    private final Set<Long> ticks = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("job-wake"));

    DueWakes(Runnable wake, Duration pollInterval) {
        this.wake = wake;
        this.pollInterval = pollInterval;
    }

    /** Wakes the dispatcher at the end of the tick {@code due} falls in, unless the next poll comes first. */
    void wakeAt(Instant due) {
        final long dueMillis = due.toEpochMilli();
        if (dueMillis - System.currentTimeMillis() >= pollInterval.toMillis()) {
            return;
        }
        final long tick = Math.floorDiv(dueMillis, TICK.toMillis()) + 1;
        if (!ticks.add(tick)) {
            return;
        }
        final long wakeAt = tick * TICK.toMillis();
        try {
            timer.schedule(() -> {
                ticks.remove(tick);
                wake.run();
            }, Math.max(0, wakeAt - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // Closed meanwhile: there is no dispatcher left to wake.
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
