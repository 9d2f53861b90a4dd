package dev.tradeloom.platform.queue;

import java.time.Duration;
import java.time.Instant;

import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tradeloom.platform.id.Uuid7;
import dev.tradeloom.platform.task.Periodic;

/**
 * Deletes the finished jobs (done or cancelled) of some queues once the retention has passed since they
 * were enqueued and since they finished, a batch at a time: otherwise the table keeps every job ever run.
 * Dead jobs stay for operators. A job's de-duplication key goes with it, so a key enqueued again after
 * the retention makes a new job; the outboxes enqueue each key once, in the transaction that owes the
 * delivery. Jobs are found through their time-ordered ids (the primary key), not a scan of the table.
 */
final class FinishedJobSweep {
    private static final Logger logger = LoggerFactory.getLogger(FinishedJobSweep.class);
    private static final Duration MAX_INTERVAL = Duration.ofHours(1);
    private static final int BATCH = 1000;
    private static final String DELETE = """
            delete from jobs where id in (
                select id from jobs
                 where id < :enqueuedBefore and queue = any(:queues) and state in ('done', 'cancelled')
                   and updated_at < :finishedBefore
                 order by id
                 limit :batch
                 for update skip locked)""";

    private final Jdbi jdbi;
    private final String[] queues;
    private final Duration retention;
    private final int batch;

    FinishedJobSweep(Jdbi jdbi, String[] queues, Duration retention, int batch) {
        this.jdbi = jdbi;
        this.queues = queues.clone();
        this.retention = retention;
        this.batch = batch;
    }

    /**
     * Sweeps {@code queues} in the background, hourly (or as often as the retention, when it is shorter),
     * until the returned timer is closed.
     */
    static Periodic schedule(Jdbi jdbi, String[] queues, Duration retention) {
        final FinishedJobSweep sweep = new FinishedJobSweep(jdbi, queues, retention, BATCH);
        final Duration every = retention.compareTo(MAX_INTERVAL) < 0 ? retention : MAX_INTERVAL;
        final Periodic timer = new Periodic("job-sweep");
        timer.runEvery(every, every, sweep::run);
        return timer;
    }

    /** Deletes the jobs of the queues that finished, and were enqueued, before {@code now} − retention. */
    int sweep(Instant now) {
        final Instant cutoff = now.minus(retention);
        int deleted = 0;
        int last;
        do {
            last = jdbi.withHandle(h -> h.createUpdate(DELETE).bind("enqueuedBefore", Uuid7.floorOf(cutoff))
                                         .bind("queues", queues).bind("finishedBefore", cutoff)
                                         .bind("batch", batch).execute());
            deleted += last;
        } while (last == batch);
        return deleted;
    }

    /** {@link #sweep} now, and logs what it deleted. */
    private void run() {
        final int deleted = sweep(Instant.now());
        if (deleted > 0) {
            logger.info("Deleted {} jobs finished more than {} ago", deleted, retention);
        }
    }
}
