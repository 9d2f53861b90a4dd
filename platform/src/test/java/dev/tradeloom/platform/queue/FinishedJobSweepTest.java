package dev.tradeloom.platform.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.tradeloom.platform.db.Database;
import dev.tradeloom.platform.testing.Eventually;
import dev.tradeloom.platform.testing.TestPostgres;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** Finished jobs are deleted once the retention has passed; dead and unfinished ones, and other queues', stay. */
class FinishedJobSweepTest {
    private static final Duration RETENTION = Duration.ofDays(7);
    private static Database db;
    private static JobQueue queue;

    @BeforeAll
    static void start() {
        db = Database.start(TestPostgres.newDatabase("sweep"), "sweep");
        queue = new JobQueue(db.jdbi(), db.schema());
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    @Test
    void sweep_deletesTheSweptQueuesFinishedJobs_onceTheRetentionHasPassed_inBatches() {
        final String swept = "swept-" + UUID.randomUUID();
        final String other = "other-" + UUID.randomUUID();
        for (String state : List.of("done", "done", "done", "cancelled", "dead", "queued", "running")) {
            add(swept, state);
        }
        add(other, "done");
        final FinishedJobSweep sweep = new FinishedJobSweep(db.jdbi(), new String[] {swept}, RETENTION, 2);

        assertThat(sweep.sweep(Instant.now().plus(RETENTION).minusSeconds(60))).isZero();
        assertThat(queue.depth().get(swept)).containsEntry("done", 3L).containsEntry("cancelled", 1L);

        assertThat(sweep.sweep(Instant.now().plus(RETENTION).plusSeconds(60))).isEqualTo(4);
        assertThat(queue.depth().get(swept)).isEqualTo(Map.of("dead", 1L, "queued", 1L, "running", 1L));
        assertThat(queue.depth().get(other)).isEqualTo(Map.of("done", 1L));
    }

    @Test
    void worker_sweepsItsQueues_keepingDeadJobs() {
        final String name = "retained-" + UUID.randomUUID();
        final QueueWorkerSettings settings = new QueueWorkerSettings(
                2, 32, Duration.ofSeconds(5), Duration.ofMillis(200), Duration.ofMillis(10), Duration.ofMillis(50))
                .withRetention(Duration.ofMillis(500));
        final JobHandler handler = job -> {
            if (job.dedupKey().equals("refused")) {
                throw JobFailure.permanent("refused for good");
            }
        };
        try (QueueWorker worker = QueueWorker.start(db, Map.of(name, handler), settings,
                                                    new SimpleMeterRegistry())) {
            db.transactor().inSystem(h -> queue.enqueueAll(h, List.of(NewJob.of(name, "a", "{}"),
                                                                      NewJob.of(name, "b", "{}"),
                                                                      NewJob.of(name, "refused", "{}"))));
            Eventually.await(Duration.ofSeconds(20), "the finished jobs swept",
                             () -> Map.of("dead", 1L).equals(queue.depth().get(name)));
        }
        assertThat(queue.state(name, "refused")).isEqualTo("dead");
    }

    @Test
    void worker_leavesTheFinishedJobsOfAHandlerThatKeepsThem() {
        final String swept = "swept-" + UUID.randomUUID();
        final String kept = "kept-" + UUID.randomUUID();
        final QueueWorkerSettings settings = new QueueWorkerSettings(
                2, 32, Duration.ofSeconds(5), Duration.ofMillis(200), Duration.ofMillis(10), Duration.ofMillis(50))
                .withRetention(Duration.ofMillis(500));
        final JobHandler keeping = new JobHandler() {
            @Override
            public void handle(Job job) {}

            @Override
            public boolean keepsFinishedJobs() {
                return true;
            }
        };
        try (QueueWorker worker = QueueWorker.start(db, Map.of(swept, job -> {}, kept, keeping), settings,
                                                    new SimpleMeterRegistry())) {
            db.transactor().inSystem(h -> queue.enqueueAll(h, List.of(NewJob.of(swept, "a", "{}"),
                                                                      NewJob.of(kept, "a", "{}"))));
            Eventually.await(Duration.ofSeconds(20), "the kept job done",
                             () -> "done".equals(queue.state(kept, "a")));
            // Enqueued together: once the one is swept, the other is past the retention too.
            Eventually.await(Duration.ofSeconds(20), "the finished job of the sweeping handler swept",
                             () -> queue.depth().get(swept) == null);
        }
        assertThat(queue.state(kept, "a")).isEqualTo("done");
    }

    /** A job of {@code name} in {@code state}, as a worker would have left it. */
    private static void add(String name, String state) {
        final String key = UUID.randomUUID().toString();
        db.transactor().inSystem(h -> queue.enqueue(h, NewJob.of(name, key, "{}")));
        db.jdbi().useHandle(h -> h.createUpdate(
                "update jobs set state = :state where queue = :queue and dedup_key = :key")
                                  .bind("state", state).bind("queue", name).bind("key", key).execute());
    }
}
