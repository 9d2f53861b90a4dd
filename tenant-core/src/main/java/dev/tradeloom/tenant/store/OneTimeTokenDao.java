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

    /**
     * Counts one try of a token that allows {@code maxAttempts}: the user it belongs to while it is unused,
     * unexpired and has tries left. Locks the token until the transaction ends, so tries of one token run
     * one at a time.
     */
    @SqlQuery("""
            update one_time_tokens set attempts = attempts + 1, updated_at = now()
            where token_hash = :hash and purpose = :purpose and used_at is null and expires_at > now()
              and attempts < :maxAttempts
            returning user_id""")
    Optional<UUID> attempt(@Bind("hash") byte[] hash, @Bind("purpose") String purpose,
                           @Bind("maxAttempts") int maxAttempts);

    /** Invalidates the user's outstanding tokens of {@code purpose}. */
    @SqlUpdate("""
            update one_time_tokens set used_at = now(), updated_at = now()
            where user_id = :userId and purpose = :purpose and used_at is null""")
    void invalidateAll(@Bind("userId") UUID userId, @Bind("purpose") String purpose);
}
