package dev.tradeloom.platform.queue;

import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.StatementCustomizer;
import org.junit.jupiter.api.Test;

import dev.tradeloom.platform.db.Database;
import dev.tradeloom.platform.testing.Eventually;
import dev.tradeloom.platform.testing.TestPostgres;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** A claim that fails with an exception JDBI does not wrap leaves the dispatcher claiming, not dead. */
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
