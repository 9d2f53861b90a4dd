package dev.tradeloom.platform.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.jdbi.v3.core.extension.ExtensionMethod;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.StatementCustomizer;
import org.junit.jupiter.api.Test;

import dev.tradeloom.platform.db.Database;
import dev.tradeloom.platform.testing.Eventually;
import dev.tradeloom.platform.testing.TestPostgres;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The heartbeat that extends the leases of running jobs outlives a beat that fails with an exception JDBI
 * does not wrap, as its {@code @BindList} threw for an empty list of jobs when the last one ended between
 * a check and a copy: an exception escaping a scheduled task cancels every later run of it.
 */
class LeaseHeartbeatTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    /**
     * Beats come every third of the lease; with one failed, the next must land within a third of a lease of its
     * due time, or the lease expires and the job runs again: a second is more than a slow machine's pause.
     */
    private static final Duration LEASE = Duration.ofSeconds(3);
    private static final String QUEUE = "long";

    @Test
    void aBeatThatThrows_doesNotStopLaterBeats_andAJobLongerThanItsLeaseRunsOnce() {
        final AtomicBoolean failNextBeat = new AtomicBoolean(true);
        final AtomicInteger runs = new AtomicInteger();
        final CountDownLatch finish = new CountDownLatch(1);
        final QueueWorkerSettings settings = new QueueWorkerSettings(
                1, 32, LEASE, Duration.ofMillis(100), Duration.ofMillis(10), Duration.ofMillis(50));
        try (Database db = Database.start(TestPostgres.newDatabase("queue"), "queue")) {
            db.jdbi().getConfig(SqlStatements.class).addCustomizer(new FailOnce("extendLeases", failNextBeat));
            final JobQueue queue = new JobQueue(db.jdbi(), db.schema());
            try (QueueWorker worker = QueueWorker.start(db, Map.of(QUEUE, job -> {
                runs.incrementAndGet();
                await(finish);
            }), settings, new SimpleMeterRegistry())) {
                final String key = UUID.randomUUID().toString();
                db.transactor().inSystem(h -> queue.enqueue(h, NewJob.of(QUEUE, key, "{}")));
                Eventually.await(WAIT, "the job started", () -> runs.get() == 1);
                Eventually.await(WAIT, "a beat failed", () -> !failNextBeat.get());

                // Two leases long, each extended by a later beat; a job whose lease expired would be
                // reclaimed by this worker, on its second attempt.
                for (int i = 0; i < 6; i++) {
                    final Instant before = leaseUntil(db, key);
                    Eventually.await(WAIT, "a later beat extended the lease of the first attempt", () -> {
                        final Lease now = leaseOf(db, key);
                        return now.attempts() == 1 && now.leaseUntil().isAfter(before);
                    });
                }
                finish.countDown();
                Eventually.await(WAIT, "the job done", () -> "done".equals(queue.state(QUEUE, key)));
            } finally {
                finish.countDown();
            }
        }
        assertThat(runs.get()).isEqualTo(1);
    }

    private record Lease(int attempts, Instant leaseUntil) {}

    private static Lease leaseOf(Database db, String key) {
        return db.jdbi().withHandle(h -> h.createQuery("""
                select attempts, lease_until from jobs
                 where queue = :queue and dedup_key = :key""")
                .bind("queue", QUEUE).bind("key", key)
                .map((rs, ctx) -> new Lease(rs.getInt("attempts"),
                                            rs.getObject("lease_until", OffsetDateTime.class)
                                              .toInstant()))
                .one());
    }

    private static Instant leaseUntil(Database db, String key) {
        return leaseOf(db, key).leaseUntil();
    }

    /** Fails the next statement of the JDBI SQL object method {@code method}, as JDBI's binding did. */
    private record FailOnce(String method, AtomicBoolean armed) implements StatementCustomizer {
        @Override
        public void beforeExecution(PreparedStatement statement, StatementContext ctx) {
            final ExtensionMethod extensionMethod = ctx.getExtensionMethod();
            if (extensionMethod != null && extensionMethod.getMethod().getName().equals(method)
                && armed.compareAndSet(true, false)) {
                throw new IllegalArgumentException("as @BindList threw for an empty list of job ids");
            }
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
