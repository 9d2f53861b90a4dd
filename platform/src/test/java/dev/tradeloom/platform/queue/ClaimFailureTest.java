package dev.tradeloom.platform.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.StatementCustomizer;
import org.junit.jupiter.api.Test;

import dev.tradeloom.platform.db.Database;
import dev.tradeloom.platform.testing.Eventually;
import dev.tradeloom.platform.testing.TestPostgres;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * A claim that fails with an exception JDBI does not wrap leaves the dispatcher claiming, not dead; one that
 * cannot reach the database is tried again within a second, not only after the poll interval.
 */
class ClaimFailureTest {
    private static final String QUEUE = "after-a-failed-claim";

    @Test
    void aClaimThatThrows_doesNotEndTheDispatcher() {
        final AtomicBoolean failNextClaim = new AtomicBoolean(true);
        final QueueWorkerSettings settings = new QueueWorkerSettings(
                1, 32, Duration.ofSeconds(30), Duration.ofMillis(100), Duration.ofMillis(10), Duration.ofMillis(50));
        try (Database db = Database.start(TestPostgres.newDatabase("queue"), "queue")) {
            db.jdbi().getConfig(SqlStatements.class).addCustomizer(new FailFirstClaim(failNextClaim));
            final JobQueue queue = new JobQueue(db.jdbi(), db.schema());
            try (QueueWorker worker = QueueWorker.start(db, Map.of(QUEUE, job -> {}), settings,
                                                        new SimpleMeterRegistry())) {
                Eventually.await(Duration.ofSeconds(20), "a claim failed", () -> !failNextClaim.get());
                final String key = UUID.randomUUID().toString();
                db.transactor().inSystem(h -> queue.enqueue(h, NewJob.of(QUEUE, key, "{}")));
                Eventually.await(Duration.ofSeconds(20), "the job done", () -> "done".equals(queue.state(QUEUE, key)));
            }
        }
    }

    @Test
    void claimsThatCannotReachTheDatabase_areTriedAgainWithinASecond_notAfterThePollInterval() {
        // As after a database restart: the listener is back (its wake is the last there will be), the pool
        // not yet, and the claims that follow the wake fail.
        final AtomicInteger failuresLeft = new AtomicInteger(3);
        final QueueWorkerSettings settings = new QueueWorkerSettings(
                1, 32, Duration.ofSeconds(30), Duration.ofMinutes(10), Duration.ofMillis(10), Duration.ofMillis(50));
        try (Database db = Database.start(TestPostgres.newDatabase("queue"), "queue")) {
            final JobQueue queue = new JobQueue(db.jdbi(), db.schema());
            // Queued before the worker listens: no NOTIFY wakes it, only its start and its listener's.
            final String key = UUID.randomUUID().toString();
            db.transactor().inSystem(h -> queue.enqueue(h, NewJob.of(QUEUE, key, "{}")));
            db.jdbi().getConfig(SqlStatements.class).addCustomizer(new Unreachable(failuresLeft));
            try (QueueWorker worker = QueueWorker.start(db, Map.of(QUEUE, job -> {}), settings,
                                                        new SimpleMeterRegistry())) {
                // Three failed claims, then the one that finds the job: with a wait of the poll interval after
                // each failure, at most the two wakes would have claimed in time.
                Eventually.await(Duration.ofSeconds(20), "the job done", () -> "done".equals(queue.state(QUEUE, key)));
            }
        }
        assertThat(failuresLeft.get()).isZero();
    }

    /** Fails the next claims, as many as {@code left} says, as a database out of reach fails them. */
    private record Unreachable(AtomicInteger left) implements StatementCustomizer {
        @Override
        public void beforeExecution(PreparedStatement statement, StatementContext ctx) throws SQLException {
            if (ctx.getRawSql().contains("for update skip locked") && ctx.getRawSql().contains("expired")
                && left.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new SQLException("Connection refused", "08001");
            }
        }
    }

    /** Fails the first claim with an unchecked exception of no JDBI kind. */
    private record FailFirstClaim(AtomicBoolean armed) implements StatementCustomizer {
        @Override
        public void beforeExecution(PreparedStatement statement, StatementContext ctx) {
            if (ctx.getRawSql().contains("for update skip locked") && ctx.getRawSql().contains("expired")
                && armed.compareAndSet(true, false)) {
                throw new IllegalStateException("a failure of no JDBI kind");
            }
        }
    }
}
