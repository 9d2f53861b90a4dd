package dev.tradeloom.tenant.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Failed sign-ins per account and the lock they lead to. */
public interface SignInFailureDao {
    /** Until when the account's sign-in is locked, if it is now. */
    @SqlQuery("select locked_until from sign_in_failures where user_id = :userId and locked_until > now()")
    Optional<Instant> lockedUntil(@Bind("userId") UUID userId);

    /**
     * Counts one failure; the one that makes {@code limit} in a row locks sign-in for {@code lock} and starts
     * the count again, and returns when that lock ends (a lock set by this statement ends exactly at the
     * transaction's {@code now()} plus {@code lock}).
     */
    @SqlQuery("""
            with counted as (
                insert into sign_in_failures as f (user_id, failures) values (:userId, 1)
                on conflict (user_id) do update
                set failures = case when f.failures + 1 >= :limit then 0 else f.failures + 1 end,
                    locked_until = case when f.failures + 1 >= :limit then now() + :lock else f.locked_until end
                returning failures, locked_until)
            select locked_until from counted where failures = 0 and locked_until = now() + :lock""")
    Optional<Instant> count(@Bind("userId") UUID userId, @Bind("limit") int limit, @Bind("lock") Duration lock);

    @SqlUpdate("delete from sign_in_failures where user_id = :userId")
    void clear(@Bind("userId") UUID userId);
}
