package dev.tradeloom.platform.queue;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tradeloom.platform.task.DaemonThreads;

/**
 * Wakes the workers listening on a schema's channel once a transaction that added jobs has committed: the
 * NOTIFY goes out after the commit, in a transaction of its own, and transactions that commit while one waits
 * to go out share it; after one has gone out, the next waits {@link #SPACING}.
 *
 * <p>Not sent in the adding transaction: a transaction that notifies takes a lock that every other notifying
 * transaction of the database waits for, held until its commit has been flushed, so the business
 * transactions that add jobs (every enquiry) would commit one after another; and each of them would wake
 * every listener. Busy workers need few wakes: they claim again as jobs finish. A job added less than
 * {@link #SPACING} after the last NOTIFY waits out the rest of it; spacing NOTIFYs only while commits came
 * during one went out spared that, but sent one, and woke the workers, for most commits under load.
 * A wake lost between a commit and its NOTIFY (the process killed) costs the jobs no more than a poll
 * interval, as a wake lost while a listener reconnects does.
 */
final class JobNotifier {
    /** The least time between two NOTIFYs of one channel: ample for workers that are already busy. */
    static final Duration SPACING = Duration.ofMillis(10);
    private static final Logger logger = LoggerFactory.getLogger(JobNotifier.class);
    private static final String NOTIFY = "select 1 from pg_notify(:channel, 'jobs')";

    private final Jdbi jdbi;
    private final String channel;
    /** A NOTIFY waits to go out: the commits of the meantime need no other. */
    private final AtomicBoolean pending = new AtomicBoolean();
    private final ExecutorService sender;

    JobNotifier(Jdbi jdbi, String channel) {
        this.jdbi = requireNonNull(jdbi, "jdbi");
        this.channel = requireNonNull(channel, "channel");
        // One daemon thread while there is something to send, none after 30 s idle.
        sender = new ThreadPoolExecutor(0, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                                        DaemonThreads.named("job-notify-" + channel));
    }

    /** Wakes the workers once {@code handle}'s transaction commits, or now when it is in none. */
    void afterCommit(Handle handle) {
        if (handle.isInTransaction()) {
            handle.afterCommit(this::committed);
        } else {
            committed();
        }
    }

    private void committed() {
        if (pending.compareAndSet(false, true)) {
            sender.execute(this::send);
        }
    }

    private void send() {
        // Cleared before the NOTIFY: a commit that finds it set is sure of a NOTIFY after it.
        pending.set(false);
        try {
            jdbi.useHandle(h -> h.createQuery(NOTIFY).bind("channel", channel).mapTo(Integer.class).one());
        } catch (RuntimeException e) {
            logger.warn("Could not wake the workers on {} ({}); they find the new jobs at their next poll", channel,
                        e.toString());
        }
        try {
            Thread.sleep(SPACING.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
