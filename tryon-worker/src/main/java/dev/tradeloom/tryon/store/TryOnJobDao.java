package dev.tradeloom.tryon.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jspecify.annotations.Nullable;

/**
 * Try-on jobs, read together with their queue row (queue {@code tryon}, de-duplication key = job id).
 * Row-level security shows the acting user only their own jobs.
 */
public interface TryOnJobDao {
    /** The queue of try-on jobs. */
    String QUEUE = "tryon";

    String SELECT = """
            select t.user_id, t.id, t.request_id, t.tenant_id, t.person_photo_key, t.garment_photo_key,
                   t.result_key, coalesce(q.state, 'cancelled') as queue_state, coalesce(q.attempts, 0) as attempts,
                   q.last_error, t.created_at, greatest(t.updated_at, q.updated_at) as updated_at
              from tryon_jobs t
              left join jobs q on q.queue = 'tryon' and q.dedup_key = t.id::text
            """;

    /** Inserts a job; false when the user already has one with the same request id. */
    @SqlUpdate("""
            insert into tryon_jobs (user_id, id, request_id, tenant_id, person_photo_key, garment_photo_key)
            values (:userId, :id, :requestId, :tenantId, :personKey, :garmentKey)
            on conflict (user_id, request_id) do nothing""")
    boolean insert(@Bind("userId") UUID userId, @Bind("id") UUID id, @Bind("requestId") UUID requestId,
                   @Bind("tenantId") @Nullable UUID tenantId, @Bind("personKey") String personKey,
                   @Bind("garmentKey") String garmentKey);

    @SqlQuery(SELECT + "where t.user_id = :userId and t.id = :id")
    Optional<TryOnJobRow> find(@Bind("userId") UUID userId, @Bind("id") UUID id);

    @SqlQuery(SELECT + "where t.user_id = :userId and t.request_id = :requestId")
    Optional<TryOnJobRow> findByRequest(@Bind("userId") UUID userId, @Bind("requestId") UUID requestId);

    /** The user's jobs, newest first, after {@code afterId} when given. */
    @SqlQuery(SELECT + """
            where t.user_id = :userId and (cast(:afterId as uuid) is null or t.id < :afterId)
            order by t.id desc
            limit :limit""")
    List<TryOnJobRow> list(@Bind("userId") UUID userId, @Bind("afterId") @Nullable UUID afterId,
                           @Bind("limit") int limit);

    /**
     * Records the result of attempt {@code attempt}, if that attempt still holds the job (its queue row
     * is running under that attempt): a worker whose lease moved on, or a cancelled job, records nothing.
     */
    @SqlUpdate("""
            update tryon_jobs set result_key = :resultKey, updated_at = now()
             where user_id = :userId and id = :id and result_key is null
               and exists (select 1 from jobs q
                            where q.queue = 'tryon' and q.dedup_key = :id::text and q.state = 'running'
                              and q.attempts = :attempt)""")
    boolean recordResult(@Bind("userId") UUID userId, @Bind("id") UUID id, @Bind("attempt") int attempt,
                         @Bind("resultKey") String resultKey);

    /** The id of the job's queue row, if it has one. */
    @SqlQuery("select id from jobs where queue = 'tryon' and dedup_key = :id::text")
    Optional<UUID> queueJobId(@Bind("id") UUID id);

    /** Deletes the job; false when the acting user has no such job. */
    @SqlUpdate("delete from tryon_jobs where user_id = :userId and id = :id")
    boolean delete(@Bind("userId") UUID userId, @Bind("id") UUID id);

    /**
     * Deletes the job's queue row: a worker still running it can then complete nothing. Returns whether the
     * job was still waiting for its first run, or empty when it had no queue row.
     */
    @SqlQuery("""
            delete from jobs where queue = 'tryon' and dedup_key = :id::text
            returning state = 'queued' and attempts = 0""")
    Optional<Boolean> deleteQueueRow(@Bind("id") UUID id);

    /** Owners and ids of jobs created before {@code before}, oldest first (every user's). */
    @SqlQuery("select user_id, id from expired_tryon_jobs(:before, :limit)")
    List<JobRef> expired(@Bind("before") Instant before, @Bind("limit") int limit);

    /** A job's owner and id. */
    record JobRef(UUID userId, UUID id) {}
}
