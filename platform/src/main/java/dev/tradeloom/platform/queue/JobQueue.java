package dev.tradeloom.platform.queue;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jspecify.annotations.Nullable;

import dev.tradeloom.platform.db.SqlObjects;
import dev.tradeloom.platform.id.Uuid7;

/**
 * The durable queue of one service schema. {@link #enqueue} joins the caller's transaction, so a
 * business row and the jobs it implies (emails, CRM pushes) commit or vanish together: this is
 * the transactional outbox. The other methods are for operators.
 */
public final class JobQueue {
    /**
     * Inserts a job unless its queue already has the key, and then notifies {@code channel} (delivered
     * to listeners when the transaction commits): one round trip. True when inserted.
     */
    private static final String INSERT_AND_NOTIFY = """
            with inserted as (
                insert into jobs (id, queue, dedup_key, tenant_id, payload, max_attempts, run_at)
                values (:id, :queue, :dedupKey, :tenantId, cast(:payload as jsonb), :maxAttempts,
                        coalesce(:runAt, now()))
                on conflict (queue, dedup_key) do nothing
                returning queue)
            select count(*) > 0
              from inserted cross join lateral (select pg_notify(:channel, inserted.queue)) as notified""";

    private final Jdbi jdbi;
    private final String channel;

    public JobQueue(Jdbi jdbi, String schema) {
        this.jdbi = requireNonNull(jdbi, "jdbi");
        channel = channelOf(requireNonNull(schema, "schema"));
        SqlObjects.prepare(jdbi, JobDao.class);
    }

    /** The LISTEN/NOTIFY channel that wakes the workers of {@code schema}. */
    static String channelOf(String schema) {
        return schema + "_jobs";
    }

    /**
     * Adds {@code job} in the transaction of {@code handle}; returns false when a job with the same
     * queue and de-duplication key exists. Workers are woken when the transaction commits.
     */
    public boolean enqueue(Handle handle, NewJob job) {
        requireNonNull(handle, "handle");
        requireNonNull(job, "job");
        // Not through JobDao: attaching a SQL object prepares every one of its methods, several times
        // this statement's own cost, and a transaction may enqueue a job for each of its side effects.
        return handle.createQuery(INSERT_AND_NOTIFY)
                     .bind("id", Uuid7.next())
                     .bind("queue", job.queue())
                     .bind("dedupKey", job.dedupKey())
                     .bindByType("tenantId", job.tenantId(), UUID.class)
                     .bind("payload", job.payloadJson())
                     .bind("maxAttempts", job.maxAttempts())
                     .bindByType("runAt", job.runAt(), Instant.class)
                     .bind("channel", channel)
                     .mapTo(boolean.class)
                     .one();
    }

    /**
     * The payloads of up to {@code limit} of {@code tenantId}'s jobs waiting in {@code queue}, oldest
     * first, read in {@code handle}'s transaction: for a handler that can deliver several in one call.
     * They stay queued; their handler must find them already done when it runs.
     */
    public List<String> queuedPayloads(Handle handle, String queue, UUID tenantId, int limit) {
        requireNonNull(handle, "handle");
        return handle.attach(JobDao.class).queuedPayloads(requireNonNull(queue, "queue"),
                                                          requireNonNull(tenantId, "tenantId"), limit);
    }

    /** Dead jobs, newest first; pass the last row of a page to get the next. */
    public List<DeadJob> listDead(@Nullable String queue, @Nullable UUID tenantId, @Nullable DeadJob after,
                                  int limit) {
        final @Nullable Instant afterTime = after == null ? null : after.updatedAt();
        final @Nullable UUID afterId = after == null ? null : after.id();
        return jdbi.withExtension(JobDao.class, dao -> dao.listDead(queue, tenantId, afterTime, afterId, limit));
    }

    /** The dead job {@code jobId}, if it exists and is dead. */
    public Optional<DeadJob> findDead(UUID jobId) {
        requireNonNull(jobId, "jobId");
        return jdbi.withExtension(JobDao.class, dao -> dao.findDead(jobId));
    }

    /** Puts a dead job back in the queue with a fresh attempt budget; false if it is not dead. */
    public boolean retryDead(UUID jobId) {
        return jdbi.inTransaction(h -> {
            final boolean retried = h.attach(JobDao.class).retryDead(jobId);
            if (retried) {
                h.attach(JobDao.class).notify(channel, "retry");
            }
            return retried;
        });
    }

    /**
     * Cancels a queued or running job in the caller's transaction; a running one's outcome is then
     * ignored. Returns the attempts it had made (0: it never ran), or empty when it had already ended.
     */
    public Optional<Integer> cancel(Handle handle, UUID jobId) {
        return handle.attach(JobDao.class).cancel(jobId);
    }

    /** The state of the job with this key, or null when there is none. */
    public @Nullable String state(String queue, String dedupKey) {
        return jdbi.withExtension(JobDao.class, dao -> dao.state(queue, dedupKey));
    }

    /** Job counts by queue, then by state. */
    public Map<String, Map<String, Long>> depth() {
        return jdbi.withExtension(JobDao.class, JobDao::countByState).stream().collect(Collectors.groupingBy(
                JobDao.StateCount::queue,
                Collectors.toMap(JobDao.StateCount::state, JobDao.StateCount::count)));
    }
}
