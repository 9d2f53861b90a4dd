package dev.tradeloom.platform.queue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jdbi.v3.core.Jdbi;
import org.jspecify.annotations.Nullable;

/**
 * A worker's claims on the {@code jobs} table: claims due jobs of its queues under its lease, and ends each
 * claim (completes, fails or puts back the job) fenced on the owner and attempt it was made under, so that a
 * run whose lease moved on (cancelled or reclaimed) changes nothing.
 */
final class JobClaims {
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
    private final String[] queues;
    private final String owner;
    private final Duration lease;

    JobClaims(Jdbi jdbi, String[] queues, String owner, Duration lease) {
        this.jdbi = jdbi;
        this.queues = queues;
        this.owner = owner;
        this.lease = lease;
    }

    /** Claims up to {@code limit} jobs of the queues, leased for the lease. */
    List<Job> claim(int limit) {
        return claim(jdbi, queues, owner, seconds(lease), limit);
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

    /** Completes {@code job} if this claim still holds it; false when its lease moved on. */
    boolean complete(Job job) {
        return complete(jdbi, job.id(), owner, job.attempt());
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
    void putBack(Job job, Instant runAt) {
        jdbi.useHandle(h -> h.createUpdate(PUT_BACK).bind("id", job.id()).bind("owner", owner)
                             .bind("attempt", job.attempt()).bind("runAt", runAt).execute());
    }

    void fail(Job job, String state, Instant runAt, String reason, @Nullable String remainingPayload) {
        final String error = reason.length() > 2000 ? reason.substring(0, 2000) : reason;
        jdbi.withExtension(JobDao.class, dao -> dao.fail(job.id(), owner, job.attempt(), state, runAt, error,
                                                         remainingPayload));
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }
}
