package dev.tradeloom.tenant.store;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Single-use tokens for emailed links and second-factor challenges. */
public interface OneTimeTokenDao {
    @SqlUpdate("""
            insert into one_time_tokens (token_hash, user_id, purpose, expires_at)
            values (:hash, :userId, :purpose, :expiresAt)""")
    void insert(@Bind("hash") byte[] hash, @Bind("userId") UUID userId, @Bind("purpose") String purpose,
                @Bind("expiresAt") Instant expiresAt);

    /** Marks the token used and returns its user, if it is unused, unexpired and of {@code purpose}. */
    @SqlQuery("""
            update one_time_tokens set used_at = now(), updated_at = now()
            where token_hash = :hash and purpose = :purpose and used_at is null and expires_at > now()
            returning user_id""")
    Optional<UUID> consume(@Bind("hash") byte[] hash, @Bind("purpose") String purpose);

    /** Looks a token up without using it. */
    @SqlQuery("""
            select user_id from one_time_tokens
            where token_hash = :hash and purpose = :purpose and used_at is null and expires_at > now()""")
    Optional<UUID> peek(@Bind("hash") byte[] hash, @Bind("purpose") String purpose);

    /** Invalidates the user's outstanding tokens of {@code purpose}. */
    @SqlUpdate("""
            update one_time_tokens set used_at = now(), updated_at = now()
            where user_id = :userId and purpose = :purpose and used_at is null""")
    void invalidateAll(@Bind("userId") UUID userId, @Bind("purpose") String purpose);
}
