package dev.tradeloom.platform.queue;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jspecify.annotations.Nullable;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import dev.tradeloom.platform.db.RoundTrip;
import dev.tradeloom.platform.db.SqlObjects;
import dev.tradeloom.platform.id.Uuid7;

/**
 * The durable queue of one service schema. {@link #enqueue} and {@link #enqueueAll} join the caller's
 * transaction, so a business row and the jobs it implies (emails, CRM pushes) commit or vanish
 * together: this is the transactional outbox. The other methods are for operators.
 */
public final class JobQueue {
    private static final JsonFactory JSON = new JsonFactory();

    /**
     * Inserts the jobs, one per element of the bound JSON array, skipping any whose queue already has its
     * key (earlier, or earlier in the array): one round trip. Returns how many were inserted. One JSON
     * parameter rather than an array per column: binding seven SQL arrays was most of this statement's cost
     * in the JVM (a profile of the enquiry benchmark).
     */
    private static final String INSERT = """
            with inserted as (
                insert into jobs (id, queue, dedup_key, tenant_id, payload, max_attempts, run_at)
                select id, queue, dedup_key, tenant_id, cast(payload as jsonb), max_attempts, coalesce(run_at, now())
                  from jsonb_to_recordset(cast(:jobs as jsonb))
                       as job (id uuid, queue text, dedup_key text, tenant_id uuid, payload text,
                               max_attempts integer, run_at timestamptz)
                on conflict (queue, dedup_key) do nothing
                returning 1)
            select cast(count(*) as integer) from inserted""";

    /** The payloads of a tenant's waiting jobs of a queue, the earliest due first. */
    private static final String QUEUED_PAYLOADS = """
            select payload::text from jobs
             where queue = :queue and tenant_id = :tenantId and state = 'queued'
             order by run_at limit :limit""";

    /** Marks waiting jobs done, dropping their payloads as a completion does. */
    private static final String COMPLETE_QUEUED = """
            update jobs set state = 'done', payload = '{}', updated_at = now()
             where queue = :queue and dedup_key = any(:keys) and state = 'queued'""";

    private final Jdbi jdbi;
    private final JobNotifier notifier;

    public JobQueue(Jdbi jdbi, String schema) {
        this.jdbi = requireNonNull(jdbi, "jdbi");
        notifier = new JobNotifier(jdbi, channelOf(requireNonNull(schema, "schema")));
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
        requireNonNull(job, "job");
        return enqueueAll(handle, List.of(job)) == 1;
    }

    /**
     * Adds {@code jobs} in the transaction of {@code handle}, in one statement, skipping each whose queue
     * and de-duplication key an existing job or an earlier one of {@code jobs} already has; returns how
     * many were added. Workers are woken when the transaction commits.
     */
    public int enqueueAll(Handle handle, List<NewJob> jobs) {
        requireNonNull(handle, "handle");
        requireNonNull(jobs, "jobs");
        if (jobs.isEmpty()) {
            return 0;
        }
        final RoundTrip trip = RoundTrip.on(handle);
        final RoundTrip.Part<Integer> added = enqueueAll(trip, jobs);
        trip.send();
        return added.one();
    }

    /**
     * Adds to {@code trip} the statement that adds {@code jobs} as {@link #enqueueAll(Handle, List)} does,
     * so they travel with the round trip's other statements; its one row is how many were added.
     */
    public RoundTrip.Part<Integer> enqueueAll(RoundTrip trip, List<NewJob> jobs) {
        requireNonNull(trip, "trip");
        requireNonNull(jobs, "jobs");
        if (jobs.isEmpty()) {
            throw new IllegalArgumentException("No jobs to add");
        }
        final String json = asJson(jobs);
        notifier.afterCommit(trip.handle());
        // Not through JobDao: attaching a SQL object prepares every one of its methods, several times
        // the cost of this one statement, which every transaction with side effects runs.
        return trip.query(INSERT, q -> q.bind("jobs", json), Integer.class);
    }

    /** {@code jobs} as the JSON array that {@link #INSERT} reads, each with a new id. */
    private static String asJson(List<NewJob> jobs) {
        final StringWriter json = new StringWriter(256 * jobs.size());
        try (JsonGenerator out = JSON.createGenerator(json)) {
            out.writeStartArray();
            for (NewJob job : jobs) {
                requireNonNull(job, "jobs[]");
                out.writeStartObject();
                out.writeStringField("id", Uuid7.next().toString());
                out.writeStringField("queue", job.queue());
                out.writeStringField("dedup_key", job.dedupKey());
                out.writeStringField("tenant_id", job.tenantId() == null ? null : job.tenantId().toString());
                out.writeStringField("payload", job.payloadJson());
                out.writeNumberField("max_attempts", job.maxAttempts());
                out.writeStringField("run_at", job.runAt() == null ? null : job.runAt().toString());
                out.writeEndObject();
            }
            out.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return json.toString();
    }

    /**
     * The payloads of up to {@code limit} of {@code tenantId}'s jobs waiting in {@code queue}, oldest
     * first, read in {@code handle}'s transaction: for a handler that can deliver several in one call.
     * They stay queued until {@link #completeQueued} says they were delivered; otherwise their handler
     * must find them already done when it runs.
     */
    public List<String> queuedPayloads(Handle handle, String queue, UUID tenantId, int limit) {
        requireNonNull(handle, "handle");
        // Not through JobDao, for the reason enqueueAll gives: a CRM push runs this for every batch it sends.
        return handle.createQuery(QUEUED_PAYLOADS).bind("queue", requireNonNull(queue, "queue"))
                     .bind("tenantId", requireNonNull(tenantId, "tenantId")).bind("limit", limit)
                     .mapTo(String.class).list();
    }

    /**
     * Marks done, in {@code handle}'s transaction, the jobs of {@code queue} with these de-duplication
     * keys that are still waiting: for a handler that delivered them along with its own (see
     * {@link #queuedPayloads}), so that no worker claims them only to find nothing left to do. Jobs a
     * worker has claimed meanwhile are left to it. Returns how many were marked.
     */
    public int completeQueued(Handle handle, String queue, List<String> dedupKeys) {
        requireNonNull(handle, "handle");
        requireNonNull(queue, "queue");
        if (dedupKeys.isEmpty()) {
            return 0;
        }
        return handle.createUpdate(COMPLETE_QUEUED)
                     .bind("queue", queue)
                     .bind("keys", dedupKeys.toArray(String[]::new))
                     .execute();
    }

    /**
     * Makes {@code tenantId}'s jobs of {@code queue} that wait for a later time (a retry's backoff, a peer's
     * Retry-After) due now, in {@code handle}'s transaction: for when what they wait for has been mended.
     * Workers are woken when the transaction commits. Returns how many were made due.
     */
    public int dueNow(Handle handle, String queue, UUID tenantId) {
        requireNonNull(handle, "handle");
        final JobDao dao = handle.attach(JobDao.class);
        final int due = dao.dueNow(requireNonNull(queue, "queue"), requireNonNull(tenantId, "tenantId"));
        if (due > 0) {
            notifier.afterCommit(handle);
        }
        return due;
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
                notifier.afterCommit(h);
            }
            return retried;
        });
    }

    /**
     * Puts {@code tenantId}'s jobs of {@code queue} with these de-duplication keys back in the queue with a
     * fresh attempt budget, in {@code handle}'s transaction, whether they are dead or still running: for when
     * what they failed of has been mended, and a job that has just failed of it may not be recorded dead yet
     * (its handler's transaction committed, its worker's record of the outcome has yet to). A running job's
     * outcome is then ignored, as a cancelled one's is, so its handler must be idempotent, as every handler is.
     * Workers are woken when the transaction commits. Returns the keys of the jobs put back.
     */
    public List<String> retryDeadOrRunning(Handle handle, String queue, UUID tenantId,
                                           Collection<String> dedupKeys) {
        requireNonNull(handle, "handle");
        final JobDao dao = handle.attach(JobDao.class);
        final List<String> retried = dao.retryDeadOrRunning(requireNonNull(queue, "queue"),
                                                            requireNonNull(tenantId, "tenantId"),
                                                            dedupKeys.toArray(String[]::new));
        if (!retried.isEmpty()) {
            notifier.afterCommit(handle);
        }
        return retried;
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

    /** Jobs waiting to run, across queues: cheap enough for every metrics scrape. */
    long readyCount() {
        return jdbi.withExtension(JobDao.class, JobDao::countReady);
    }

    /** Dead jobs, across queues: cheap enough for every metrics scrape. */
    long deadCount() {
        return jdbi.withExtension(JobDao.class, JobDao::countDead);
    }

    /** Job counts by queue, then by state: a scan of the whole table, for tests and tools. */
    public Map<String, Map<String, Long>> depth() {
        return jdbi.withExtension(JobDao.class, JobDao::countByState).stream().collect(Collectors.groupingBy(
                JobDao.StateCount::queue,
                Collectors.toMap(JobDao.StateCount::state, JobDao.StateCount::count)));
    }
}
