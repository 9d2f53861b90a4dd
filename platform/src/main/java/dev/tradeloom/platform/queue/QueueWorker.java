package dev.tradeloom.platform.queue;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tradeloom.platform.db.ChannelListener;
import dev.tradeloom.platform.db.Database;
import dev.tradeloom.platform.task.DaemonThreads;
import dev.tradeloom.platform.task.Periodic;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Runs the jobs of some queues: claims due jobs with {@code FOR UPDATE SKIP LOCKED} (so any number
 * of workers share a queue without coordination), holds a lease that heartbeats extend while the
 * handler runs, completes or fails the job fenced on that lease, and retries failures with
 * exponential backoff and full jitter until the job's attempts run out; a busy job
 * ({@link JobFailure#busy}) goes back to the queue without spending an attempt. It sleeps until NOTIFY
 * says a job arrived, or until the poll interval passes. Its queues' finished jobs are deleted once the
 * retention has passed ({@link FinishedJobSweep}), but for those of a handler that keeps them
 * ({@link JobHandler#keepsFinishedJobs}).
 */
public final class QueueWorker implements AutoCloseable {
    private static final Logger logger = LoggerFactory.getLogger(QueueWorker.class);
    private static final Duration MAX_RECONNECT_DELAY = Duration.ofSeconds(1);

    private final JobClaims claims;
    private final JobOutcomes outcomes;
    private final QueueWorkerSettings settings;
    private final String owner = "worker-" + UUID.randomUUID();
    private final JobSlots slots;
    private final Object signal = new Object();
    private final ExecutorService executor;
    private final LeaseHeartbeat heartbeat;
    private final DueWakes dueWakes;
    /** Deletes the queues' finished jobs past the retention; null when they are kept. */
    private final @Nullable Periodic sweeper;
    private final ChannelListener listener;
    private final Thread dispatcher;
    private final QueueMetrics metrics;
    private volatile boolean running = true;
    /** Whether the last claim may have left due jobs behind, so a finished job should prompt another. */
    private volatile boolean backlog = true;
    /** Whether the dispatcher's last claim failed to reach the database; the dispatcher's own. */
    private boolean unreachable;
    private boolean woken;

    QueueWorker(Database db, Map<String, JobHandler> handlers, QueueWorkerSettings settings,
                MeterRegistry registry) {
        final Jdbi jdbi = db.jdbi();
        final Map<String, JobHandler> byQueue = Map.copyOf(handlers);
        final String[] queues = byQueue.keySet().toArray(String[]::new);
        this.settings = settings;
        executor = Executors.newFixedThreadPool(settings.concurrency(), DaemonThreads.named("job"));
        heartbeat = new LeaseHeartbeat(jdbi, owner, settings.lease());
        dueWakes = new DueWakes(this::wake, settings.pollInterval());
        claims = new JobClaims(jdbi, queues, owner, settings.lease());
        // Running and held jobs: bounded, so other workers (replicas) are left the rest of a backlog.
        slots = new JobSlots(settings.concurrency() + settings.claimAhead(), heartbeat, claims);
        outcomes = new JobOutcomes(byQueue, settings, claims, dueWakes);
        final Duration retention = settings.retention();
        final String[] swept = byQueue.entrySet().stream().filter(q -> !q.getValue().keepsFinishedJobs())
                                      .map(Map.Entry::getKey).toArray(String[]::new);
        sweeper = retention == null || swept.length == 0 ? null
                                                         : FinishedJobSweep.schedule(jdbi, swept, retention);
        metrics = new QueueMetrics(registry, new JobQueue(jdbi, db.schema()));
        // Listening starts again after a lost connection: jobs may have arrived while no one listened.
        listener = ChannelListener.builder(db.config(), JobQueue.channelOf(db.schema()))
                                  .threadName("job-listener")
                                  .reconnectDelay(reconnectDelay(settings.pollInterval()))
                                  .onListening(this::wake)
                                  .onNotification(queue -> wake())
                                  .build();
        dispatcher = DaemonThreads.named("job-dispatcher").newThread(this::dispatch);
    }

    /** Starts a worker for {@code handlers} (queue name → handler) in {@code db}'s schema. */
    public static QueueWorker start(Database db, Map<String, JobHandler> handlers, QueueWorkerSettings settings,
                                    MeterRegistry registry) {
        requireNonNull(db, "db");
        if (handlers.isEmpty()) {
            throw new IllegalArgumentException("handlers: empty (expected: at least one queue)");
        }
        final QueueWorker worker = new QueueWorker(db, handlers, requireNonNull(settings, "settings"),
                                                   requireNonNull(registry, "registry"));
        worker.listener.start();
        worker.heartbeat.start();
        worker.dispatcher.start();
        return worker;
    }

    /**
     * Claims while no claimed job waits for a thread, up to {@link QueueWorkerSettings#claimAhead} held
     * beyond those running: the next jobs are at hand when running ones finish, and a claim's round trip
     * fetches several jobs rather than one per completion. Sleeps when the queues are empty (until NOTIFY
     * or the poll interval) or while enough jobs are held (until one finishes).
     */
    private void dispatch() {
        while (running) {
            final int free = slots.free();
            final boolean threadsWillIdle = free >= settings.claimAhead();
            final int wanted = threadsWillIdle ? Math.min(free, settings.batchSize()) : 0;
            unreachable = false;
            final List<Job> claimed = wanted == 0 ? List.of() : claim(wanted);
            for (Job job : claimed) {
                slots.hold(job);
                try {
                    executor.execute(() -> start(job));
                } catch (RejectedExecutionException e) {
                    // Closed while this claim was under way, after close() stopped waiting for it.
                    if (slots.take(job)) {
                        slots.giveBack(job);
                    }
                }
            }
            backlog = claimed.size() == wanted;
            if (claimed.size() < wanted || wanted == 0) {
                // A database that is back may be out of reach of the pool for a while yet (its reconnection
                // backs off), so the wake of a listener that got back first can find the claim failing: it is
                // tried again as soon as a lost listener would be, not only after the poll interval.
                awaitWork(unreachable ? reconnectDelay(settings.pollInterval()) : settings.pollInterval());
            }
        }
    }

    private List<Job> claim(int limit) {
        try {
            return claims.claim(limit);
        } catch (JdbiException e) {
            unreachable = true;
            logger.warn("Cannot claim jobs ({}); retrying in {}", e.getMessage(),
                        reconnectDelay(settings.pollInterval()));
            return List.of();
        } catch (RuntimeException e) {
            // Whatever it was, the dispatcher must live on: a worker that claims nothing looks alive.
            logger.error("Claiming jobs failed; retrying after the poll interval", e);
            return List.of();
        }
    }

    /** Runs {@code job}, unless the worker is closing: then it is given back for any worker to run. */
    private void start(Job job) {
        if (!slots.take(job)) {
            return; // close() gave it back
        }
        if (!running) {
            slots.giveBack(job);
            return;
        }
        run(job);
    }

    private void run(Job job) {
        final long started = System.nanoTime();
        String outcome = "unrecorded";
        try {
            outcome = outcomes.execute(job);
        } catch (JdbiException e) {
            // The database is unreachable (say, restarting): the job stays running under its lease, and
            // the claim after the lease expires runs it again. At least once, never lost.
            logger.warn("Cannot record the outcome of job {} of {} ({}); it runs again when its lease expires",
                        job.id(), job.queue(), e.getMessage());
        } finally {
            slots.release(job);
            metrics.record(job.queue(), outcome, System.nanoTime() - started);
            if (backlog) {
                wake();
            }
        }
    }

    private void wake() {
        synchronized (signal) {
            woken = true;
            signal.notifyAll();
        }
    }

    private void awaitWork(Duration atMost) {
        synchronized (signal) {
            if (!woken && running) {
                try {
                    signal.wait(atMost.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    running = false;
                }
            }
            woken = false;
        }
    }

    /**
     * Stops claiming and gives back the claimed jobs that have not started, lets running jobs finish for up to
     * {@code grace}, then interrupts those still running and stops heartbeats: their leases expire, and they
     * run again.
     */
    public void close(Duration grace) {
        final long deadline = System.nanoTime() + grace.toNanos();
        running = false;
        listener.close();
        wake();
        try {
            // A claim under way returns its jobs before they are given back; it may not outlast the grace.
            dispatcher.join(millisUntil(deadline));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        slots.giveBackHeld();
        executor.shutdown();
        try {
            executor.awaitTermination(millisUntil(deadline), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        executor.shutdownNow();
        // Those a dispatcher that outlasted the grace handed to the executor after the first round.
        slots.giveBackHeld();
        heartbeat.close();
        dueWakes.close();
        if (sweeper != null) {
            sweeper.close();
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }

    /**
     * How long the listener waits between attempts to reconnect, and the dispatcher between claims that cannot
     * reach the database: at most a second, so after a database restart the worker hears NOTIFY again, and
     * claims, at once rather than up to a poll interval later.
     */
    private static Duration reconnectDelay(Duration pollInterval) {
        return pollInterval.compareTo(MAX_RECONNECT_DELAY) < 0 ? pollInterval : MAX_RECONNECT_DELAY;
    }

    /** The milliseconds left until {@code deadline} (of {@link System#nanoTime}), at least 1. */
    private static long millisUntil(long deadline) {
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    }
}