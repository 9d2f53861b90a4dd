package dev.tradeloom.enquiry.store;

import java.util.List;
import java.util.UUID;

import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** Failed (dead) jobs of enquiry-core's queue, in the platform's {@code jobs} table of this schema. */
public interface DeadJobDao {
    /**
     * Queues the tenant's dead jobs of {@code queue} with these de-duplication keys again, due now and with a
     * fresh attempt budget, as the platform's {@code JobQueue.retryDead} does for one failed delivery, but in
     * the caller's transaction. Returns the keys of the jobs queued again; the workers claim them at their next
     * poll.
     */
    @SqlQuery("""
            update jobs set state = 'queued', attempts = 0, run_at = now(), last_error = null,
                            updated_at = now()
             where queue = :queue and tenant_id = :tenantId and state = 'dead' and dedup_key = any(:keys)
            returning dedup_key""")
    List<String> retry(@Bind("queue") String queue, @Bind("tenantId") UUID tenantId,
                       @Bind("keys") String[] keys);
}
