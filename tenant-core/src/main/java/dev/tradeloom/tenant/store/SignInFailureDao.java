package dev.tradeloom.tenant.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * Failed sign-ins per email address, with or without an account, and the lock they lead to. Each statement
 * takes the address as typed and keys it by the digest of its lower case, as the users' unique index
 * compares addresses.
 */
public interface SignInFailureDao {
    /** Until when sign-in with the address is locked, if it is now. */
    @SqlQuery("""
            select locked_until from sign_in_failures_per_address
            where address_digest = sha256(convert_to(lower(:email), 'UTF8')) and locked_until > now()""")
    Optional<Instant> lockedUntil(@Bind("email") String email);

    /**
     * Counts one failure; the one that makes {@code limit} in a row locks sign-in for {@code lock} and starts
     * the count again, and returns when that lock ends (a lock set by this statement ends exactly at the
     * transaction's {@code now()} plus {@code lock}). A run whose last failure is older than {@code forget}
     * starts again at this one.
     */
    @SqlQuery("""
            with counted as (
                insert into sign_in_failures_per_address as f (address_digest, failures)
                values (sha256(convert_to(lower(:email), 'UTF8')), 1)
                on conflict (address_digest) do update
                set failures = case when f.updated_at < now() - :forget then 1
                                    when f.failures + 1 >= :limit then 0
                                    else f.failures + 1 end,
                    locked_until = case when f.updated_at >= now() - :forget and f.failures + 1 >= :limit
                                        then now() + :lock
                                        else f.locked_until end,
                    updated_at = now()
                returning failures, locked_until)
            select locked_until from counted where failures = 0 and locked_until = now() + :lock""")
    Optional<Instant> count(@Bind("email") String email, @Bind("limit") int limit, @Bind("lock") Duration lock,
                            @Bind("forget") Duration forget);

    /**
     * Deletes up to {@code batch} runs whose last failure is older than {@code forget}; rows another
     * transaction holds are left for a later call.
     */
    @SqlUpdate("""
            delete from sign_in_failures_per_address
            where address_digest in (select address_digest from sign_in_failures_per_address
                                     where updated_at < now() - :forget
                                     limit :batch
                                     for update skip locked)""")
    int forgetStale(@Bind("forget") Duration forget, @Bind("batch") int batch);

    @SqlUpdate("""
            delete from sign_in_failures_per_address
            where address_digest = sha256(convert_to(lower(:email), 'UTF8'))""")
    void clear(@Bind("email") String email);
}
