package dev.tradeloom.platform.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.jdbi.v3.core.JdbiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tradeloom.platform.db.Database;
import dev.tradeloom.platform.testing.Eventually;
import dev.tradeloom.platform.testing.RestartablePostgres;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * A PostgreSQL restart while a worker is busy: every job whose enqueue committed is done, the jobs
 * whose completion the outage swallowed (those running when it began, and those the worker held and
 * ran during it) run again, enqueues during the outage fail whole, and the worker listens again
 * afterwards.
 */
class DatabaseRestartTest {
    private static final String SCHEMA = "restart";
    private static final String QUEUE = "work";
    private static final Duration WAIT = Duration.ofSeconds(30);
    /**
     * Long enough that heartbeats keep a running job's lease through a paused JVM (a job whose lease expires
     * while it runs is claimed and run again, which the exact counts below would take for a bug).
     */
    private static final Duration LEASE = Duration.ofSeconds(5);
    private static final int CONCURRENCY = 4;
    /**
     * A poll interval far beyond the test's waits: after the restart only NOTIFY, through a LISTEN
     * connection that came back, can wake the worker in time.
     */
    private static final QueueWorkerSettings SETTINGS = new QueueWorkerSettings(
            CONCURRENCY, 32, LEASE, Duration.ofMinutes(10), Duration.ofMillis(10), Duration.ofMillis(100));

    @TempDir
    Path dir;

    @Test
    void restartWhileJobsRun_losesNoCommittedJob_andTheWorkerListensAgain() {
        final Map<String, AtomicInteger> handled = new ConcurrentHashMap<>();
        final CountDownLatch databaseDown = new CountDownLatch(1);
        final AtomicInteger returnedDuringOutage = new AtomicInteger();
        final AtomicBoolean restarting = new AtomicBoolean();
        final Set<String> ranDuringOutage = ConcurrentHashMap.newKeySet();
        final JobHandler handler = job -> {
            handled.computeIfAbsent(job.dedupKey(), k -> new AtomicInteger()).incrementAndGet();
            // The first jobs are still running when the database stops; they return during the outage.
            if (databaseDown.getCount() > 0) {
                await(databaseDown);
                returnedDuringOutage.incrementAndGet();
            } else if (!restarting.get()) {
                ranDuringOutage.add(job.dedupKey());
            }
        };
        final Set<String> committed = new HashSet<>();
        final List<String> refused = new ArrayList<>();
        final SimpleMeterRegistry metrics = new SimpleMeterRegistry();

        try (RestartablePostgres pg = RestartablePostgres.start(dir.resolve("pg"));
             Database db = Database.start(pg.configFor(SCHEMA).withConnectionTimeout(Duration.ofMillis(500)),
                                          SCHEMA);
             QueueWorker worker = QueueWorker.start(db, Map.of(QUEUE, handler), SETTINGS, metrics)) {
            final JobQueue queue = new JobQueue(db.jdbi(), db.schema());
            for (int i = 0; i < 40; i++) {
                enqueue(db, queue, "first-" + i);
                committed.add("first-" + i);
            }
            Eventually.await(WAIT, "the worker running its first jobs", () -> handled.size() == CONCURRENCY);
            final Set<String> interrupted = Set.copyOf(handled.keySet());
            // And the worker holding the next ones ahead (as many as its claims fell), after which it claims no
            // more while its threads are busy: which jobs run during the outage does not then hang on when the
            // dispatcher got round to claiming them.
            Eventually.await(WAIT, "the worker holding jobs ahead", () -> running(queue) > CONCURRENCY);
            final long claimed = running(queue);

            // Every lease was last extended before the database stopped, so the outage outlasts the leases and
            // the jobs whose completion it swallowed are free to reclaim once it ends.
            final long outageEnds = System.nanoTime() + LEASE.plusMillis(500).toNanos();
            pg.stop();
            databaseDown.countDown();
            Eventually.await(WAIT, "the running handlers returned",
                             () -> returnedDuringOutage.get() == CONCURRENCY);
            // Every job the worker had claimed has run, and its completion been lost, before the database comes
            // back: none is still on its way, to be completed after the restart or to start after `restarting`
            // is set and lose its completion.
            Eventually.await(WAIT, "the claimed jobs run during the outage, their completions lost",
                             () -> handledCount(metrics, "unrecorded") == claimed);
            restarting.set(true);
            assertThat(ranDuringOutage).hasSize((int) claimed - CONCURRENCY);
            for (int i = 0; i < 3 || System.nanoTime() < outageEnds; i++) {
                final String key = "outage-" + i;
                assertThatThrownBy(() -> enqueue(db, queue, key)).isInstanceOf(JdbiException.class);
                refused.add(key);
            }
            pg.restart();
            // The pool reconnects on its own schedule (its retries back off through the outage, up to 5s
            // apart); until it has, every query below would fail its 500ms connection timeout.
            Eventually.await(WAIT, "the pool connected again", () -> RestartablePostgres.poolConnects(db));

            Eventually.await(WAIT, "the first batch done after the restart",
                             () -> doneCount(queue) == committed.size());
            for (int i = 0; i < 10; i++) {
                enqueue(db, queue, "second-" + i);
                committed.add("second-" + i);
            }
            Eventually.await(WAIT, "the second batch done", () -> doneCount(queue) == committed.size());

            for (String key : committed) {
                assertThat(queue.state(QUEUE, key)).as(key).isEqualTo("done");
            }
            for (String key : refused) {
                assertThat(queue.state(QUEUE, key)).as(key).isNull();
            }
            assertThat(queue.depth().get(QUEUE)).containsOnlyKeys("done");
            assertThat(handled.keySet()).isEqualTo(committed);
            // At least once: a job whose completion was lost ran again; no other job ran twice.
            final Set<String> ranTwice = new HashSet<>();
            handled.forEach((key, runs) -> {
                assertThat(runs.get()).as(key).isBetween(1, 2);
                if (runs.get() == 2) {
                    ranTwice.add(key);
                }
            });
            assertThat(ranTwice).containsAll(interrupted);
            assertThat(interrupted).hasSize(CONCURRENCY);
            assertThat(ranTwice).isEqualTo(union(interrupted, ranDuringOutage));
            assertThat(handledCount(metrics, "unrecorded")).isEqualTo(ranTwice.size());
            assertThat(handledCount(metrics, "done")).isEqualTo(committed.size());
        }
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        final Set<String> union = new HashSet<>(a);
        union.addAll(b);
        return union;
    }

    private static void enqueue(Database db, JobQueue queue, String key) {
        final boolean added = db.transactor().inSystem(h -> queue.enqueue(h, NewJob.of(QUEUE, key, "{}")));
        assertThat(added).as(key).isTrue();
    }

    private static long running(JobQueue queue) {
        return queue.depth().getOrDefault(QUEUE, Map.of()).getOrDefault("running", 0L);
    }

    private static long doneCount(JobQueue queue) {
        return queue.depth().getOrDefault(QUEUE, Map.of()).getOrDefault("done", 0L);
    }

    private static long handledCount(SimpleMeterRegistry metrics, String outcome) {
        final Timer timer = metrics.find("tradeloom.jobs.handled").tag("outcome", outcome).timer();
        return timer == null ? 0 : timer.count();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
