package dev.tradeloom.platform.queue;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tradeloom.platform.db.ChannelListener;
import dev.tradeloom.platform.db.Database;
import dev.tradeloom.platform.task.Periodic;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Runs the jobs of some queues: claims due jobs with {@code FOR UPDATE SKIP LOCKED} (so any number
 * of workers share a queue without coordination), holds a lease that heartbeats extend while the
 * handler runs, completes or fails the job fenced on that lease, and retries failures with
 * exponential backoff and full jitter until the job's attempts run out; a busy job
 * ({@link JobFailure#busy}) goes back to the queue without spending an attempt. It sleeps until NOTIFY
 * says a job arrived, or until the poll interval passes. Its queues' finished jobs are deleted once the
 * retention has passed ({@link FinishedJobSweep}).
 */
public final class QueueWorker implements AutoCloseable {
    private static final Logger logger = LoggerFactory.getLogger(QueueWorker.class);
    private static final Duration MAX_RECONNECT_DELAY = Duration.ofSeconds(1);
    /**
     * Claims up to {@code limit} jobs of the worker's queues, those whose lease expired (their worker died)
     * and those that are due, oldest first; others' locked rows are skipped, never waited on.
     */
    private static final String CLAIM = """
            with expired as (select id from jobs
                             where queue = any(:queues) and state = 'running' and lease_until < now()
                             limit :limit
                             for update skip locked),
                 ready as (select id from jobs
                           where queue = any(:queues) and state = 'queued' and run_at <= now()
                           order by run_at
                           limit :limit
                           for update skip locked)
            update jobs
            set state = 'running', attempts = attempts + 1, lease_owner = :owner,
                lease_until = now() + make_interval(secs => :leaseSeconds), updated_at = now()
            where id in (select id from expired union all select id from ready limit :limit)
            returning id, queue, dedup_key, tenant_id, payload::text as payload, attempts as attempt,
                      max_attempts""";

    private static final String COMPLETE = """
            update jobs set state = 'done', payload = '{}', lease_owner = null, lease_until = null,
                            updated_at = now()
            where id = :id and lease_owner = :owner and attempts = :attempt and state = 'running'""";

    /** Puts a job back in the queue, due at :runAt, taking back the attempt its claim counted. */
    private static final String PUT_BACK = """
            update jobs set state = 'queued', run_at = :runAt, attempts = attempts - 1, lease_owner = null,
                            lease_until = null, updated_at = now()
            where id = :id and lease_owner = :owner and attempts = :attempt and state = 'running'""";

    private final Jdbi jdbi;
    private final Map<String, JobHandler> handlers;
    private final String[] queues;
    private final QueueWorkerSettings settings;
    private final String owner = "worker-" + UUID.randomUUID();
    private final Semaphore slots;
    /** Claimed jobs whose run has not started; whoever takes one out, its run or {@link #close}, owns it. */
    private final Set<Job> held = ConcurrentHashMap.newKeySet();
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
        jdbi = db.jdbi();
        this.handlers = Map.copyOf(handlers);
        queues = this.handlers.keySet().toArray(String[]::new);
        this.settings = settings;
        // Running and held jobs: bounded, so other workers (replicas) are left the rest of a backlog.
        slots = new Semaphore(settings.concurrency() + settings.claimAhead());
        executor = Executors.newFixedThreadPool(settings.concurrency(), daemon("job"));
        heartbeat = new LeaseHeartbeat(jdbi, owner, settings.lease());
        dueWakes = new DueWakes(this::wake, settings.pollInterval());
        final Duration retention = settings.retention();
        sweeper = retention == null ? null : FinishedJobSweep.schedule(jdbi, queues, retention);
        metrics = new QueueMetrics(registry, new JobQueue(jdbi, db.schema()));
        // Listening starts again after a lost connection: jobs may have arrived while no one listened.
        listener = ChannelListener.builder(db.config(), JobQueue.channelOf(db.schema()))
                                  .threadName("job-listener")
                                  .reconnectDelay(reconnectDelay(settings.pollInterval()))
                                  .onListening(this::wake)
                                  .onNotification(queue -> wake())
                                  .build();
        dispatcher = daemon("job-dispatcher").newThread(this::dispatch);
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
            final int free = slots.availablePermits();
            final boolean threadsWillIdle = free >= settings.claimAhead();
            final int wanted = threadsWillIdle ? Math.min(free, settings.batchSize()) : 0;
            unreachable = false;
            final List<Job> claimed = wanted == 0 ? List.of() : claim(wanted);
            for (Job job : claimed) {
                slots.acquireUninterruptibly();
                heartbeat.add(job);
                held.add(job);
                try {
                    executor.execute(() -> start(job));
                } catch (RejectedExecutionException e) {
                    // Closed while this claim was under way, after close() stopped waiting for it.
                    if (held.remove(job)) {
                        giveBack(job);
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
            return claim(jdbi, queues, owner, seconds(settings.lease()), limit);
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

    /**
     * Claims up to {@code limit} jobs of {@code queues} for {@code owner}, leased for {@code leaseSeconds}.
     * Not through {@link JobDao}, for the reason {@link #complete(Jdbi, UUID, String, int)} gives.
     */
    static List<Job> claim(Jdbi jdbi, String[] queues, String owner, double leaseSeconds, int limit) {
        return jdbi.withHandle(h -> h.createQuery(CLAIM).bind("queues", queues).bind("owner", owner)
                                     .bind("leaseSeconds", leaseSeconds).bind("limit", limit)
                                     .mapTo(Job.class).list());
    }

    /** Runs {@code job}, unless the worker is closing: then it is given back for any worker to run. */
    private void start(Job job) {
        if (!held.remove(job)) {
            return; // close() gave it back
        }
        if (!running) {
            giveBack(job);
            return;
        }
        run(job);
    }

    private void run(Job job) {
        final long started = System.nanoTime();
        String outcome = "unrecorded";
        try {
            outcome = execute(job);
        } catch (JdbiException e) {
            // The database is unreachable (say, restarting): the job stays running under its lease, and
            // the claim after the lease expires runs it again. At least once, never lost.
            logger.warn("Cannot record the outcome of job {} of {} ({}); it runs again when its lease expires",
                        job.id(), job.queue(), e.getMessage());
        } finally {
            release(job);
            metrics.record(job.queue(), outcome, System.nanoTime() - started);
            if (backlog) {
                wake();
            }
        }
    }

    /** Runs {@code job}'s handler and records what happened; returns the outcome. */
    private String execute(Job job) {
        if (job.attempt() > job.maxAttempts()) {
            fail(job, "dead", Instant.now(), "gave up after " + job.maxAttempts()
                                             + " attempts (the worker's lease expired)", null);
            return "dead";
        }
        try {
            handlers.get(job.queue()).handle(job);
        } catch (JobFailure failure) {
            if (failure.busy()) {
                final Instant due = Instant.now().plus(requireNonNull(failure.retryAfter()));
                putBack(job, due);
                dueWakes.wakeAt(due);
                return "busy";
            }
            return settle(job, failure.getMessage(), failure.permanent(), failure.retryAfter(),
                          failure.remainingPayload());
        } catch (RuntimeException e) {
            // The boundary between the queue and handler code: an unexpected fault is retried, never lost.
            logger.warn("Job {} of {} failed unexpectedly", job.id(), job.queue(), e);
            return settle(job, e.toString(), false, null, null);
        }
        complete(job);
        return "done";
    }

    private String settle(Job job, String reason, boolean permanent, @Nullable Duration retryAfter,
                          @Nullable String remainingPayload) {
        if (permanent || job.attempt() >= job.maxAttempts()) {
            fail(job, "dead", Instant.now(), reason, remainingPayload);
            return "dead";
        }
        final Instant due = Instant.now().plus(retryAfter != null ? retryAfter : settings.backoff(job.attempt()));
        fail(job, "queued", due, reason, remainingPayload);
        dueWakes.wakeAt(due);
        return "retry";
    }

    private void complete(Job job) {
        if (!complete(jdbi, job.id(), owner, job.attempt())) {
            logger.info("Job {} finished after its lease moved on (cancelled or reclaimed); outcome ignored",
                        job.id());
        }
    }

    /**
     * Completes the job {@code id} if {@code owner} still holds it on {@code attempt}, and drops its payload,
     * which may hold links with secrets or personal data; false when its lease moved on. Not through
     * {@link JobDao}: attaching a SQL object for every job cost three times the update itself (a profile of
     * the enquiry benchmark's delivery).
     */
    static boolean complete(Jdbi jdbi, UUID id, String owner, int attempt) {
        return jdbi.withHandle(h -> h.createUpdate(COMPLETE).bind("id", id).bind("owner", owner)
                                     .bind("attempt", attempt).execute()) == 1;
    }

    /** Runs often while a peer is busy, so directly, as {@link #complete(Jdbi, UUID, String, int)} does. */
    private void putBack(Job job, Instant runAt) {
        jdbi.useHandle(h -> h.createUpdate(PUT_BACK).bind("id", job.id()).bind("owner", owner)
                             .bind("attempt", job.attempt()).bind("runAt", runAt).execute());
    }

    /**
     * Puts back a claimed job that never started, due now and with the attempt its claim counted taken back,
     * so that a worker that is closing leaves it to the others rather than to its lease's expiry.
     */
    private void giveBack(Job job) {
        try {
            putBack(job, Instant.now());
        } catch (JdbiException e) {
            logger.warn("Cannot give back job {} of {} ({}); it runs again when its lease expires",
                        job.id(), job.queue(), e.getMessage());
        } finally {
            release(job);
        }
    }

    /** Gives back every claimed job that has not started. */
    private void giveBackHeld() {
        for (Job job : List.copyOf(held)) {
            if (held.remove(job)) {
                giveBack(job);
            }
        }
    }

    /** Frees {@code job}'s slot and stops heartbeating it. */
    private void release(Job job) {
        heartbeat.remove(job);
        slots.release();
    }

    private void fail(Job job, String state, Instant runAt, String reason, @Nullable String remainingPayload) {
        final String error = reason.length() > 2000 ? reason.substring(0, 2000) : reason;
        jdbi.withExtension(JobDao.class, dao -> dao.fail(job.id(), owner, job.attempt(), state, runAt, error,
                                                         remainingPayload));
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
        giveBackHeld();
        executor.shutdown();
        try {
            executor.awaitTermination(millisUntil(deadline), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        executor.shutdownNow();
        // Those a dispatcher that outlasted the grace handed to the executor after the first round.
        giveBackHeld();
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

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            final Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
