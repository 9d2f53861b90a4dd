package dev.tradeloom.platform.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import dev.tradeloom.platform.db.Database;
import dev.tradeloom.platform.testing.Eventually;
import dev.tradeloom.platform.testing.TestPostgres;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class QueueWorkerTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final QueueWorkerSettings FAST = new QueueWorkerSettings(
            4, 32, Duration.ofSeconds(5), Duration.ofMillis(200), Duration.ofMillis(10), Duration.ofMillis(50));
    private static Database db;
    private static JobQueue queue;

    @BeforeAll
    static void start() {
        db = Database.start(TestPostgres.newDatabase("queue"), "queue");
        queue = new JobQueue(db.jdbi(), db.schema());
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    @Test
    void enqueue_inRolledBackTransaction_leavesNoJob() {
        final String key = UUID.randomUUID().toString();
        try {
            db.transactor().inSystem(h -> {
                queue.enqueue(h, NewJob.of("rollback", key, "{}"));
                throw new IllegalStateException("business rule failed");
            });
        } catch (IllegalStateException expected) {
            // The enqueue must vanish with the transaction.
        }
        assertThat(queue.state("rollback", key)).isNull();
    }

    @Test
    void enqueue_sameDedupKeyTwice_addsOneJob() {
        final String key = UUID.randomUUID().toString();
        final boolean first = db.transactor().inSystem(h -> queue.enqueue(h, NewJob.of("dedup", key, "{}")));
        final boolean second = db.transactor().inSystem(h -> queue.enqueue(h, NewJob.of("dedup", key, "{}")));
        assertThat(first).isTrue();
        assertThat(second).isFalse();
    }

    @Test
    void enqueueAll_addsTheBatchInOneCall_skippingKeysTakenBeforeOrEarlierInTheBatch() {
        final String prefix = UUID.randomUUID().toString();
        final UUID tenant = UUID.randomUUID();
        final Instant later = Instant.parse("2100-01-01T00:00:00.123456Z");
        db.transactor().inSystem(h -> queue.enqueue(h, NewJob.of("batch", prefix + "-taken", "{\"n\":0}")
                                                                .forTenant(tenant)));
        final int added = db.transactor().inSystem(h -> queue.enqueueAll(h, List.of(
                NewJob.of("batch", prefix + "-a", "{\"n\":1}").forTenant(tenant),
                NewJob.of("batch-later", prefix + "-b", "{\"n\":2}").runAt(later).maxAttempts(3),
                NewJob.of("batch", prefix + "-a", "{\"n\":3}"),
                NewJob.of("batch", prefix + "-taken", "{\"n\":4}"))));
        assertThat(added).isEqualTo(2);

        final List<Stored> stored = db.jdbi().withHandle(h -> h.createQuery("""
                select queue, dedup_key, tenant_id, payload::text as payload, max_attempts,
                       run_at = :later as due_later, state
                  from jobs where dedup_key like :prefix order by dedup_key""")
                .bind("later", later).bind("prefix", prefix + "-%").mapTo(Stored.class).list());
        assertThat(stored).containsExactly(
                new Stored("batch", prefix + "-a", tenant, "{\"n\": 1}", 10, false, "queued"),
                new Stored("batch-later", prefix + "-b", null, "{\"n\": 2}", 3, true, "queued"),
                new Stored("batch", prefix + "-taken", tenant, "{\"n\": 0}", 10, false, "queued"));
    }

    @Test
    void completeQueued_marksTheWaitingJobsDone_andLeavesAClaimedOneToItsWorker() {
        final String prefix = UUID.randomUUID().toString();
        db.transactor().inSystem(h -> queue.enqueueAll(h, List.of(
                NewJob.of("carried", prefix + "-1", "{\"n\":1}"),
                NewJob.of("carried", prefix + "-2", "{\"n\":2}"),
                NewJob.of("carried", prefix + "-3", "{\"n\":3}"),
                NewJob.of("other", prefix + "-1", "{}"))));
        // What a worker's claim does to a job.
        db.jdbi().useHandle(h -> h.createUpdate("update jobs set state = 'running' where dedup_key = :key")
                                  .bind("key", prefix + "-3").execute());

        final int marked = db.transactor().inSystem(h -> queue.completeQueued(
                h, "carried", List.of(prefix + "-1", prefix + "-2", prefix + "-3", prefix + "-unknown")));

        final List<String> jobs = db.jdbi().withHandle(h -> h.createQuery("""
                select queue || ' ' || dedup_key || ' ' || state || ' ' || payload::text from jobs
                 where dedup_key like :prefix order by queue, dedup_key""")
                .bind("prefix", prefix + "-%").mapTo(String.class).list());
        assertThat(marked).isEqualTo(2);
        assertThat(jobs).containsExactly(
                "carried " + prefix + "-1 done {}", "carried " + prefix + "-2 done {}",
                "carried " + prefix + "-3 running {\"n\": 3}", "other " + prefix + "-1 queued {}");
    }

    @Test
    void transactionsAddingJobsTogether_shareTheirWakes_andEveryJobRunsWithoutAPoll() throws Exception {
        final String prefix = UUID.randomUUID().toString();
        final int threads = 8;
        final int transactionsEach = 50;
        final Set<String> ran = ConcurrentHashMap.newKeySet();
        try (Connection listener = DriverManager.getConnection(db.config().jdbcUrl(), db.config().user(),
                                                               db.config().password());
             // A poll interval no test outlasts: only the wakes after the commits can run the jobs.
             QueueWorker worker = QueueWorker.start(db, Map.of("burst", job -> ran.add(job.dedupKey())),
                                                    FAST.withPollInterval(Duration.ofMinutes(10)),
                                                    new SimpleMeterRegistry())) {
            try (Statement listen = listener.createStatement()) {
                listen.execute("listen \"" + JobQueue.channelOf(db.schema()) + '"');
            }
            final ExecutorService adders = Executors.newFixedThreadPool(threads);
            try {
                final List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    final int thread = t;
                    done.add(adders.submit(() -> {
                        for (int i = 0; i < transactionsEach; i++) {
                            final String key = prefix + '-' + thread + '-' + i;
                            db.transactor().inSystem(h -> queue.enqueue(h, NewJob.of("burst", key, "{}")));
                        }
                    }));
                }
                for (Future<?> future : done) {
                    future.get();
                }
            } finally {
                adders.shutdown();
            }
            Eventually.await(WAIT, "every job run", () -> ran.size() == threads * transactionsEach);
            // Count the wakes until a second passes without one (the last follows the last commit).
            int wakes = 0;
            final PGConnection pg = listener.unwrap(PGConnection.class);
            for (PGNotification @Nullable [] received = pg.getNotifications(1000);
                 received != null && received.length > 0; received = pg.getNotifications(1000)) {
                wakes += received.length;
            }
            assertThat(wakes).as("wakes for %d transactions", threads * transactionsEach)
                             .isBetween(1, threads * transactionsEach / 2);
        }
    }

    @Test
    void dueNow_runsTheTenantsWaitingJobsOfTheQueueAtOnce_andLeavesOtherTenantsAndQueuesWaiting() {
        final String prefix = UUID.randomUUID().toString();
        final UUID tenant = UUID.randomUUID();
        final Instant inAnHour = Instant.now().plus(Duration.ofHours(1));
        db.transactor().inSystem(h -> queue.enqueueAll(h, List.of(
                NewJob.of("due-now", prefix + "-mine", "{}").forTenant(tenant).runAt(inAnHour),
                NewJob.of("due-now", prefix + "-other", "{}").forTenant(UUID.randomUUID()).runAt(inAnHour),
                NewJob.of("due-later", prefix + "-mine", "{}").forTenant(tenant).runAt(inAnHour))));
        // A poll interval no test outlasts: the job can only run because dueNow woke the worker.
        try (QueueWorker worker = QueueWorker.start(db, Map.of("due-now", job -> {}, "due-later", job -> {}),
                                                    FAST.withPollInterval(Duration.ofMinutes(5)),
                                                    new SimpleMeterRegistry())) {
            final int due = db.transactor().inSystem(h -> queue.dueNow(h, "due-now", tenant));
            assertThat(due).isEqualTo(1);
            Eventually.await(WAIT, "the tenant's job done",
                             () -> "done".equals(queue.state("due-now", prefix + "-mine")));
            assertThat(queue.state("due-now", prefix + "-other")).isEqualTo("queued");
            assertThat(queue.state("due-later", prefix + "-mine")).isEqualTo("queued");
        }
    }

    @Test
    void notify_wakesTheWorkerLongBeforeThePollInterval() {
        final CountDownLatch ran = new CountDownLatch(1);
        try (QueueWorker worker = QueueWorker.start(db, Map.of("wake", job -> ran.countDown()),
                                                    FAST.withPollInterval(Duration.ofMinutes(5)),
                                                    new SimpleMeterRegistry())) {
            // Let the listener subscribe, then enqueue: only NOTIFY can wake the worker in time.
            Eventually.await(WAIT, "listener ready", () -> true);
            sleep(500);
            final String key = UUID.randomUUID().toString();
            db.transactor().inSystem(h -> queue.enqueue(h, NewJob.of("wake", key, "{}")));
            Eventually.await(WAIT, "job done", () -> "done".equals(queue.state("wake", key)));
            assertThat(ran.getCount()).isZero();
        }
    }

    @Test
    void expiredLease_isReclaimed_andTheLateCompletionIsFencedOut() {
        final String key = UUID.randomUUID().toString();
        db.transactor().inSystem(h -> queue.enqueue(h, NewJob.of("fence", key, "{}")));
        final String[] queues = { "fence" };
        final List<Job> first = JobClaims.claim(db.jdbi(), queues, "a", 0.3, 1);
        assertThat(first).singleElement().extracting(Job::attempt).isEqualTo(1);
        sleep(600);

        final List<Job> second = JobClaims.claim(db.jdbi(), queues, "b", 30, 1);
        assertThat(second).singleElement().extracting(Job::attempt).isEqualTo(2);
        final UUID id = first.get(0).id();
        final boolean lateCompletion = JobClaims.complete(db.jdbi(), id, "a", 1);
        final boolean ownerCompletion = JobClaims.complete(db.jdbi(), id, "b", 2);
        assertThat(lateCompletion).isFalse();
        assertThat(ownerCompletion).isTrue();
        assertThat(queue.state("fence", key)).isEqualTo("done");
    }

    @Test
    void jobReclaimedByItsOwnWorker_keepsItsLeaseExtended_afterTheStaleRunReturns() {
        final String key = UUID.randomUUID().toString();
        final CountDownLatch releaseFirst = new CountDownLatch(1);
        final CountDownLatch releaseSecond = new CountDownLatch(1);
        final List<Integer> started = new CopyOnWriteArrayList<>();
        final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        // Several threads, so the reclaimed job can run again while its first run is still in its handler.
        final QueueWorkerSettings settings = FAST.withLease(Duration.ofSeconds(3)).withClaimAhead(0);
        try (QueueWorker worker = QueueWorker.start(db, Map.of("reclaimed", job -> {
            started.add(job.attempt());
            switch (job.attempt()) {
                case 1 -> await(releaseFirst);
                case 2 -> await(releaseSecond);
                default -> { }
            }
        }), settings, metrics)) {
            db.transactor().inSystem(h -> queue.enqueue(h, NewJob.of("reclaimed", key, "{}")));
            Eventually.await(WAIT, "first run started", () -> started.equals(List.of(1)));
            // As if the heartbeats had failed through an outage longer than the lease. The owner is changed
            // too, so that no heartbeat of the first run can renew the lease before the worker sees it expired.
            db.jdbi().useHandle(h -> h.createUpdate("""
                    update jobs set lease_until = now() - interval '1 minute', lease_owner = 'outage'
                     where queue = 'reclaimed' and dedup_key = :key""").bind("key", key).execute());
            Eventually.await(WAIT, "the worker reclaimed its own job", () -> started.equals(List.of(1, 2)));

            releaseFirst.countDown();
            Eventually.await(WAIT, "the first run returned", () -> handledCount(metrics, "reclaimed") == 1);
            final Lease before = leaseOf("reclaimed", key);
            assertThat(before.attempts()).isEqualTo(2);
            assertThat(before.leaseUntil()).isNotNull();
            Eventually.await(WAIT, "the second run's lease extended by a heartbeat", () -> {
                final Lease now = leaseOf("reclaimed", key);
                return now.attempts() == 2 && now.leaseUntil() != null
                       && now.leaseUntil().isAfter(before.leaseUntil());
            });

            releaseSecond.countDown();
            Eventually.await(WAIT, "job done", () -> "done".equals(queue.state("reclaimed", key)));
        } finally {
            releaseFirst.countDown();
            releaseSecond.countDown();
        }
        assertThat(started).containsExactly(1, 2);
    }

    @Test
    void workerThatDiesMidJob_losesTheJobToAnotherWorker_whichCompletesItOnce() {
        final String key = UUID.randomUUID().toString();
        final CountDownLatch stuck = new CountDownLatch(1);
        final AtomicInteger completionsByB = new AtomicInteger();
        final QueueWorker a = QueueWorker.start(db, Map.of("crash", job -> awaitDeafToInterrupts(stuck)),
                                                FAST.withLease(Duration.ofMillis(600)), new SimpleMeterRegistry());
        db.transactor().inSystem(h -> queue.enqueue(h, NewJob.of("crash", key, "{}")));
        Eventually.await(WAIT, "A claimed the job", () -> "running".equals(queue.state("crash", key)));
        a.close(Duration.ofMillis(50)); // A stops heartbeating with its job still running: as if killed.

        try (QueueWorker b = QueueWorker.start(db, Map.of("crash", job -> completionsByB.incrementAndGet()),
                                               FAST, new SimpleMeterRegistry())) {
            Eventually.await(WAIT, "B completed the job", () -> "done".equals(queue.state("crash", key)));
        }
        stuck.countDown(); // A's handler returns late; its completion is fenced out.
        assertThat(completionsByB.get()).isEqualTo(1);
        assertThat(queue.state("crash", key)).isEqualTo("done");
    }

    @Test
    void transientFailures_areRetriedWithBackoff_untilSuccess() {
        final String key = UUID.randomUUID().toString();
        final AtomicInteger calls = new AtomicInteger();
        try (QueueWorker worker = QueueWorker.start(db, Map.of("flaky", job -> {
            if (calls.incrementAndGet() < 3) {
                throw JobFailure.retry("peer unavailable", null);
            }
        }), FAST, new SimpleMeterRegistry())) {
            db.transactor().inSystem(h -> queue.enqueue(h, NewJob.of("flaky", key, "{}")));
            Eventually.await(WAIT, "job done", () -> "done".equals(queue.state("flaky", key)));
        }
        assertThat(calls.get()).isEqualTo(3);
    }

    @Test
    void exhaustedAttempts_makeTheJobDead_listedForOperators_andManualRetryRunsIt() {
        final String key = UUID.randomUUID().toString();
        final AtomicInteger calls = new AtomicInteger();
        final boolean[] healthy = { false };
        try (QueueWorker worker = QueueWorker.start(db, Map.of("doomed", job -> {
            calls.incrementAndGet();
            if (!healthy[0]) {
                throw JobFailure.retry("SMTP down", null);
            }
        }), FAST, new SimpleMeterRegistry())) {
            db.transactor().inSystem(h -> queue.enqueue(h, NewJob.of("doomed", key, "{}").maxAttempts(3)));
            Eventually.await(WAIT, "job dead", () -> "dead".equals(queue.state("doomed", key)));
            assertThat(calls.get()).isEqualTo(3);

            final DeadJob dead = queue.listDead("doomed", null, null, 10).stream()
                                      .filter(j -> j.dedupKey().equals(key)).findFirst().orElseThrow();
            assertThat(dead.lastError()).isEqualTo("SMTP down");
            assertThat(dead.attempts()).isEqualTo(3);
            assertThat(queue.findDead(dead.id())).contains(dead);

            healthy[0] = true;
            assertThat(queue.retryDead(dead.id())).isTrue();
            Eventually.await(WAIT, "job done", () -> "done".equals(queue.state("doomed", key)));
            assertThat(queue.findDead(dead.id())).isEmpty();
        }
    }

    @Test
    void deadJobsRetriedInACallersTransaction_runWhenItCommits_andOnlyTheTenantsJobsNamed() {
        final UUID tenant = UUID.randomUUID();
        final String mended = UUID.randomUUID().toString();
        final String alsoMended = UUID.randomUUID().toString();
        final String left = UUID.randomUUID().toString();
        final String otherTenants = UUID.randomUUID().toString();
        final Set<String> healthy = ConcurrentHashMap.newKeySet();
        // No poll within the test's wait: only the wake the retry sends at its commit can run the jobs again.
        try (QueueWorker worker = QueueWorker.start(db, Map.of("revived", job -> {
            if (!healthy.contains(job.dedupKey())) {
                throw JobFailure.permanent("credentials refused");
            }
        }), FAST.withPollInterval(Duration.ofMinutes(10)), new SimpleMeterRegistry())) {
            for (String key : List.of(mended, alsoMended, left)) {
                db.transactor().inTenant(tenant, h -> queue.enqueue(h, NewJob.of("revived", key, "{}")
                                                                              .forTenant(tenant)));
            }
            final UUID other = UUID.randomUUID();
            db.transactor().inTenant(other, h -> queue.enqueue(h, NewJob.of("revived", otherTenants, "{}")
                                                                        .forTenant(other)));
            for (String key : List.of(mended, alsoMended, left, otherTenants)) {
                Eventually.await(WAIT, key + " dead", () -> "dead".equals(queue.state("revived", key)));
            }
            healthy.addAll(List.of(mended, alsoMended, left, otherTenants));

            final List<String> named = List.of(mended, alsoMended, otherTenants, "no-such-job");
            db.transactor().inTenant(tenant, h -> {
                queue.retryDeadOrRunning(h, "revived", tenant, named);
                h.rollback();
                return null;
            });
            assertThat(queue.state("revived", mended)).as("rolled back").isEqualTo("dead");

            final List<String> retried = db.transactor().inTenant(
                    tenant, h -> queue.retryDeadOrRunning(h, "revived", tenant, named));
            assertThat(retried).containsExactlyInAnyOrder(mended, alsoMended);
            Eventually.await(WAIT, "the retried jobs done", () -> "done".equals(queue.state("revived", mended))
                                                                  && "done".equals(queue.state("revived", alsoMended)));
            assertThat(queue.state("revived", left)).as("not named").isEqualTo("dead");
            assertThat(queue.state("revived", otherTenants)).as("another tenant's").isEqualTo("dead");
        }
    }

    @Test
    void jobsRetriedWhileStillRunning_runAgain_andTheRunUnderWayCannotRecordItsOutcome_evenOnTheSameWorker() {
        final UUID tenant = UUID.randomUUID();
        final String dead = UUID.randomUUID().toString();
        final String failing = UUID.randomUUID().toString();
        final CountDownLatch firstRunStarted = new CountDownLatch(1);
        final CountDownLatch endFirstRun = new CountDownLatch(1);
        final CountDownLatch secondRunStarted = new CountDownLatch(1);
        final CountDownLatch endSecondRun = new CountDownLatch(1);
        final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
        final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        // One worker, so the retried job is claimed again by the worker whose first run is still under way.
        try (QueueWorker worker = QueueWorker.start(db, Map.of("mended", job -> {
            final int run = runs.computeIfAbsent(job.dedupKey(), k -> new AtomicInteger()).incrementAndGet();
            if (job.dedupKey().equals(failing) && run == 1) {
                firstRunStarted.countDown();
                await(endFirstRun);
                throw JobFailure.permanent("connection gone");
            }
            if (job.dedupKey().equals(failing)) {
                secondRunStarted.countDown();
                await(endSecondRun);
                return;
            }
            if (run == 1) {
                throw JobFailure.permanent("connection gone");
            }
        }), FAST.withPollInterval(Duration.ofMinutes(10)), metrics)) {
            for (String key : List.of(dead, failing)) {
                db.transactor().inTenant(tenant, h -> queue.enqueue(h, NewJob.of("mended", key, "{}")
                                                                             .forTenant(tenant).maxAttempts(1)));
            }
            Eventually.await(WAIT, "one job dead", () -> "dead".equals(queue.state("mended", dead)));
            await(firstRunStarted);

            final List<String> retried = db.transactor().inTenant(
                    tenant, h -> queue.retryDeadOrRunning(h, "mended", tenant, List.of(dead, failing, "no-such")));
            assertThat(retried).containsExactlyInAnyOrder(dead, failing);
            await(secondRunStarted);
            // The first run fails now, while the second runs: its outcome must not end the second's claim.
            endFirstRun.countDown();
            Eventually.await(WAIT, "the first run's outcome recorded", () -> handledCount(metrics, "mended") == 3);
            assertThat(queue.state("mended", failing)).isEqualTo("running");
            endSecondRun.countDown();
            Eventually.await(WAIT, "both done", () -> "done".equals(queue.state("mended", dead))
                                                      && "done".equals(queue.state("mended", failing)));
        } finally {
            endFirstRun.countDown();
            endSecondRun.countDown();
        }
        assertThat(runs.get(failing).get()).as("runs of the job retried while running").isEqualTo(2);
    }

    @Test
    void permanentFailure_isDeadAtOnce() {
        final String key = UUID.randomUUID().toString();
        final AtomicInteger calls = new AtomicInteger();
        try (QueueWorker worker = QueueWorker.start(db, Map.of("bad", job -> {
            calls.incrementAndGet();
            throw JobFailure.permanent("INVALID_DATA: Last_Name missing");
        }), FAST, new SimpleMeterRegistry())) {
            db.transactor().inSystem(h -> queue.enqueue(h, NewJob.of("bad", key, "{}")));
            Eventually.await(WAIT, "job dead", () -> "dead".equals(queue.state("bad", key)));
        }
        assertThat(calls.get()).isEqualTo(1);
    }

    @Test
    void busyJob_goesBackToTheQueue_withoutSpendingItsAttempts() {
        final String key = UUID.randomUUID().toString();
        final AtomicInteger calls = new AtomicInteger();
        try (QueueWorker worker = QueueWorker.start(db, Map.of("busy", job -> {
            if (calls.incrementAndGet() <= 3) {
                throw JobFailure.busy("peer busy", Duration.ofMillis(10));
            }
        }), FAST, new SimpleMeterRegistry())) {
            // One attempt in all: were a busy turn counted, the job would be dead after the first.
            db.transactor().inSystem(h -> queue.enqueue(h, NewJob.of("busy", key, "{}").maxAttempts(1)));
            Eventually.await(WAIT, "job done", () -> "done".equals(queue.state("busy", key)));
        }
        assertThat(calls.get()).isEqualTo(4);
        final int attempts = db.jdbi().withHandle(h -> h.createQuery(
                "select attempts from jobs where queue = 'busy' and dedup_key = :k").bind("k", key)
                                                        .mapTo(Integer.class).one());
        assertThat(attempts).isEqualTo(1);
    }

    @Test
    void jobPutOff_runsWhenDue_notAtTheNextPoll() {
        final String key = UUID.randomUUID().toString();
        final AtomicInteger calls = new AtomicInteger();
        // No poll within the test's wait: only the wake scheduled for the due time can run the job again.
        final QueueWorkerSettings neverPolls = FAST.withPollInterval(Duration.ofMinutes(10));
        try (QueueWorker worker = QueueWorker.start(db, Map.of("put-off", job -> {
            switch (calls.incrementAndGet()) {
                case 1 -> throw JobFailure.busy("peer busy", Duration.ofMillis(100));
                case 2 -> throw JobFailure.retryAfter("rate limited", Duration.ofMillis(100));
                default -> { }
            }
        }), neverPolls, new SimpleMeterRegistry())) {
            db.transactor().inSystem(h -> queue.enqueue(h, NewJob.of("put-off", key, "{}")));
            Eventually.await(WAIT, "job done", () -> "done".equals(queue.state("put-off", key)));
        }
        assertThat(calls.get()).isEqualTo(3);
    }

    @Test
    void cancelledJob_neverRuns() {
        final String key = UUID.randomUUID().toString();
        final AtomicInteger calls = new AtomicInteger();
        db.transactor().inSystem(h -> queue.enqueue(h, NewJob.of("cancel", key, "{}")));
        final UUID id = db.jdbi().withHandle(h -> h.createQuery("select id from jobs where dedup_key = :k")
                                                   .bind("k", key).mapTo(UUID.class).one());
        final Optional<Integer> attempts = db.transactor().inSystem(h -> queue.cancel(h, id));
        assertThat(attempts).as("it never ran").contains(0);
        final Optional<Integer> again = db.transactor().inSystem(h -> queue.cancel(h, id));
        assertThat(again).as("it had ended").isEmpty();
        try (QueueWorker worker = QueueWorker.start(db, Map.of("cancel", job -> calls.incrementAndGet()), FAST,
                                                    new SimpleMeterRegistry())) {
            sleep(500);
        }
        assertThat(calls.get()).isZero();
        assertThat(queue.state("cancel", key)).isEqualTo("cancelled");
    }

    @Test
    void twoWorkers_manyJobs_eachHandledExactlyOnce() {
        final int jobs = 300;
        final Map<String, AtomicInteger> handled = new ConcurrentHashMap<>();
        final JobHandler count = job -> handled.computeIfAbsent(job.dedupKey(), k -> new AtomicInteger())
                                               .incrementAndGet();
        final String prefix = UUID.randomUUID().toString();
        try (QueueWorker one = QueueWorker.start(db, Map.of("many", count), FAST, new SimpleMeterRegistry());
             QueueWorker two = QueueWorker.start(db, Map.of("many", count), FAST, new SimpleMeterRegistry())) {
            db.transactor().inSystem(h -> {
                for (int i = 0; i < jobs; i++) {
                    queue.enqueue(h, NewJob.of("many", prefix + '-' + i, "{\"n\":" + i + '}'));
                }
                return null;
            });
            Eventually.await(WAIT, "all jobs handled", () -> handled.size() == jobs);
            Eventually.await(WAIT, "all jobs done",
                             () -> queue.depth().get("many").getOrDefault("done", 0L) >= jobs);
        }
        assertThat(handled.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
    }

    @Test
    void busyWorker_claimsAheadAsManyJobsAsItRuns_andLeavesTheRestToAnotherWorker() {
        final String prefix = UUID.randomUUID().toString();
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger running = new AtomicInteger();
        final AtomicInteger mostAtOnce = new AtomicInteger();
        final JobHandler blocked = job -> {
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            await(release);
            running.decrementAndGet();
        };
        final QueueWorkerSettings twoAtOnce = new QueueWorkerSettings(
                2, 32, Duration.ofSeconds(5), Duration.ofMillis(200), Duration.ofMillis(10), Duration.ofMillis(50));
        db.transactor().inSystem(h -> {
            for (int i = 0; i < 10; i++) {
                queue.enqueue(h, NewJob.of("ahead", prefix + '-' + i, "{}"));
            }
            return null;
        });
        try (QueueWorker one = QueueWorker.start(db, Map.of("ahead", blocked), twoAtOnce, new SimpleMeterRegistry())) {
            Eventually.await(WAIT, "two jobs running", () -> running.get() == 2);
            sleep(600); // three poll intervals: time enough to claim more, were it allowed to
            assertThat(statesOf("ahead")).containsEntry("running", 4L).containsEntry("queued", 6L);

            try (QueueWorker two = QueueWorker.start(db, Map.of("ahead", blocked), twoAtOnce,
                                                     new SimpleMeterRegistry())) {
                Eventually.await(WAIT, "the second worker claimed its share and runs two",
                                 () -> statesOf("ahead").getOrDefault("running", 0L) == 8L && running.get() == 4);
                release.countDown();
                Eventually.await(WAIT, "all done", () -> statesOf("ahead").getOrDefault("done", 0L) == 10L);
            }
        } finally {
            release.countDown();
        }
        assertThat(mostAtOnce.get()).as("jobs run at once by both workers").isEqualTo(4);
    }

    @Test
    void workerNotClaimingAhead_holdsOnlyTheJobsItRuns() {
        final String prefix = UUID.randomUUID().toString();
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger running = new AtomicInteger();
        final QueueWorkerSettings twoAtOnce = new QueueWorkerSettings(
                2, 32, Duration.ofSeconds(5), Duration.ofMillis(200), Duration.ofMillis(10), Duration.ofMillis(50))
                .withClaimAhead(0);
        db.transactor().inSystem(h -> {
            for (int i = 0; i < 5; i++) {
                queue.enqueue(h, NewJob.of("not-ahead", prefix + '-' + i, "{}"));
            }
            return null;
        });
        try (QueueWorker worker = QueueWorker.start(db, Map.of("not-ahead", job -> {
            running.incrementAndGet();
            await(release);
        }), twoAtOnce, new SimpleMeterRegistry())) {
            Eventually.await(WAIT, "two jobs running", () -> running.get() == 2);
            sleep(600); // three poll intervals: time enough to claim more, were it allowed to
            assertThat(statesOf("not-ahead")).containsEntry("running", 2L).containsEntry("queued", 3L);
            release.countDown();
            Eventually.await(WAIT, "all done", () -> statesOf("not-ahead").getOrDefault("done", 0L) == 5L);
        } finally {
            release.countDown();
        }
    }

    @Test
    void close_givesBackTheJobsClaimedAheadThatNeverStarted_withTheirAttempts() {
        final String prefix = UUID.randomUUID().toString();
        final CountDownLatch release = new CountDownLatch(1);
        final List<String> started = new CopyOnWriteArrayList<>();
        // One thread, two jobs held for it: while the first runs, the other two wait in the worker.
        final QueueWorkerSettings oneAtATime = new QueueWorkerSettings(
                1, 32, Duration.ofSeconds(5), Duration.ofMillis(200), Duration.ofMillis(10),
                Duration.ofMillis(50)).withClaimAhead(2);
        final QueueWorker worker = QueueWorker.start(db, Map.of("held", job -> {
            started.add(job.dedupKey());
            await(release);
        }), oneAtATime, new SimpleMeterRegistry());
        try {
            db.transactor().inSystem(h -> {
                for (int i = 0; i < 3; i++) {
                    // One attempt each: a held job whose claim were left to expire would be dead, never run.
                    queue.enqueue(h, NewJob.of("held", prefix + '-' + i, "{}").maxAttempts(1));
                }
                return null;
            });
            Eventually.await(WAIT, "one job running and two held",
                             () -> started.size() == 1 && statesOf("held").getOrDefault("running", 0L) == 3L);

            worker.close(Duration.ofMillis(100));

            final List<String> neverStarted = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                if (!started.contains(prefix + '-' + i)) {
                    neverStarted.add(prefix + '-' + i);
                }
            }
            assertThat(neverStarted).hasSize(2);
            for (String key : neverStarted) {
                final Lease lease = leaseOf("held", key);
                assertThat(queue.state("held", key)).as(key).isEqualTo("queued");
                assertThat(lease.attempts()).as(key + " attempts").isZero();
                assertThat(lease.leaseUntil()).as(key + " lease").isNull();
            }
            try (QueueWorker next = QueueWorker.start(db, Map.of("held", job -> { }), FAST,
                                                      new SimpleMeterRegistry())) {
                Eventually.await(WAIT, "the jobs given back done by another worker", () -> neverStarted.stream()
                        .allMatch(k -> "done".equals(queue.state("held", k))));
            }
        } finally {
            release.countDown();
            worker.close(Duration.ofMillis(100));
        }
        assertThat(started).hasSize(1);
    }

    /** The lease of the job with this key, read from its row. */
    private static Lease leaseOf(String name, String key) {
        return db.jdbi().withHandle(h -> h.createQuery("""
                select attempts, lease_until from jobs where queue = :queue and dedup_key = :key""")
                .bind("queue", name).bind("key", key).mapTo(Lease.class).one());
    }

    /** Runs of {@code name}'s jobs that have returned, whatever their outcome. */
    private static long handledCount(SimpleMeterRegistry metrics, String name) {
        return metrics.find("tradeloom.jobs.handled").tag("queue", name).timers().stream()
                      .mapToLong(Timer::count).sum();
    }

    private static Map<String, Long> statesOf(String name) {
        return queue.depth().getOrDefault(name, Map.of());
    }

    private record Lease(int attempts, @Nullable Instant leaseUntil) {}

    /** A job as stored; {@code dueLater}: its run_at is the one the test gave. */
    private record Stored(String queue, String dedupKey, @Nullable UUID tenantId, String payload,
                          int maxAttempts, boolean dueLater, String state) {}

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits as a handler blocked in I/O does, through the interrupt of a worker's close. */
    private static void awaitDeafToInterrupts(CountDownLatch latch) {
        boolean interrupted = false;
        while (latch.getCount() > 0) {
            try {
                latch.await();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
