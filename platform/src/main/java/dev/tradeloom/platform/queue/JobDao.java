package dev.tradeloom.platform.queue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jspecify.annotations.Nullable;

/** The {@code jobs} table. Every state change after a claim is fenced on the lease it was made under. */
interface JobDao {
    /** Jobs per queue and state, for metrics. */
    record StateCount(String queue, String state, long count) {}

    @SqlUpdate("""
            update jobs set lease_until = now() + make_interval(secs => :leaseSeconds), updated_at = now()
            where id in (<ids>) and lease_owner = :owner and state = 'running'""")
    int extendLeases(@BindList("ids") List<UUID> ids, @Bind("owner") String owner,
                     @Bind("leaseSeconds") double leaseSeconds);

    @SqlUpdate("""
            update jobs set state = :state, run_at = :runAt, last_error = :error, lease_owner = null,
                            lease_until = null, updated_at = now(),
                            payload = coalesce(cast(:remainingPayload as jsonb), payload)
            where id = :id and lease_owner = :owner and attempts = :attempt and state = 'running'""")
    boolean fail(@Bind("id") UUID id, @Bind("owner") String owner, @Bind("attempt") int attempt,
                 @Bind("state") String state, @Bind("runAt") Instant runAt, @Bind("error") String error,
                 @Bind("remainingPayload") @Nullable String remainingPayload);

    @SqlUpdate("""
            update jobs set run_at = now(), updated_at = now()
             where queue = :queue and tenant_id = :tenantId and state = 'queued' and run_at > now()""")
    int dueNow(@Bind("queue") String queue, @Bind("tenantId") UUID tenantId);

    /** Cancels a queued or running job; the attempts it had made, or empty when it had already ended. */
    @SqlQuery("""
            update jobs set state = 'cancelled', lease_owner = null, lease_until = null, updated_at = now()
            where id = :id and state in ('queued', 'running')
            returning attempts""")
    Optional<Integer> cancel(@Bind("id") UUID id);

    @SqlUpdate("""
            update jobs set state = 'queued', attempts = 0, run_at = now(), last_error = null, updated_at = now()
            where id = :id and state = 'dead'""")
    boolean retryDead(@Bind("id") UUID id);

    /**
     * Puts back the named jobs that are dead, their attempts counted from 0 again, and those still running,
     * whose outcome is then ignored. A running one keeps its count and has its budget raised by as much: the
     * attempt under way is fenced on its number, which a new claim of the job, even by the same worker,
     * then exceeds.
     */
    @SqlQuery("""
            update jobs set state = 'queued', run_at = now(), last_error = null, lease_owner = null,
                            lease_until = null, updated_at = now(),
                            max_attempts = case when state = 'running' then max_attempts + attempts
                                                else max_attempts end,
                            attempts = case when state = 'running' then attempts else 0 end
             where queue = :queue and tenant_id = :tenantId and state in ('dead', 'running')
               and dedup_key = any(:keys)
            returning dedup_key""")
    List<String> retryDeadOrRunning(@Bind("queue") String queue, @Bind("tenantId") UUID tenantId,
                                    @Bind("keys") String[] dedupKeys);

    @SqlQuery("""
            select id, queue, dedup_key, tenant_id, payload::text as payload, attempts, last_error, updated_at
            from jobs
            where state = 'dead'
              and (cast(:queue as text) is null or queue = :queue)
              and (cast(:tenantId as uuid) is null or tenant_id = :tenantId)
              and (cast(:afterTime as timestamptz) is null or (updated_at, id) < (:afterTime, :afterId))
            order by updated_at desc, id desc
            limit :limit""")
    List<DeadJob> listDead(@Bind("queue") @Nullable String queue, @Bind("tenantId") @Nullable UUID tenantId,
                           @Bind("afterTime") @Nullable Instant afterTime, @Bind("afterId") @Nullable UUID afterId,
                           @Bind("limit") int limit);

    @SqlQuery("""
            select id, queue, dedup_key, tenant_id, payload::text as payload, attempts, last_error, updated_at
            from jobs where id = :id and state = 'dead'""")
    Optional<DeadJob> findDead(@Bind("id") UUID id);

    @SqlQuery("select queue, state, count(*) as count from jobs group by queue, state")
    List<StateCount> countByState();

    /** Jobs waiting to run, counted through their partial index rather than the whole table. */
    @SqlQuery("select count(*) from jobs where state = 'queued'")
    long countReady();

    /** Dead jobs, counted through their partial index rather than the whole table. */
    @SqlQuery("select count(*) from jobs where state = 'dead'")
    long countDead();

    @SqlQuery("select state from jobs where queue = :queue and dedup_key = :dedupKey")
    @Nullable String state(@Bind("queue") String queue, @Bind("dedupKey") String dedupKey);
}
