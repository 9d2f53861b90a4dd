package dev.tradeloom.tenant.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jspecify.annotations.Nullable;

/** Sessions and their rotating refresh tokens. */
public interface SessionDao {
    @SqlUpdate("""
            insert into sessions (id, user_id, user_agent, ip_address, expires_at)
            values (:id, :userId, :userAgent, :ipAddress, :expiresAt)""")
    void insertSession(@Bind("id") UUID id, @Bind("userId") UUID userId, @Bind("userAgent") String userAgent,
                       @Bind("ipAddress") String ipAddress, @Bind("expiresAt") Instant expiresAt);

    @SqlUpdate("""
            insert into refresh_tokens (token_hash, session_id, expires_at)
            values (:hash, :sessionId, :expiresAt)""")
    void insertRefreshToken(@Bind("hash") byte[] hash, @Bind("sessionId") UUID sessionId,
                            @Bind("expiresAt") Instant expiresAt);

    /** The token and its session, locked so two concurrent refreshes of one token serialize. */
    @SqlQuery("""
            select t.session_id, s.user_id, t.expires_at, t.used_at, s.revoked_at as session_revoked_at,
                   s.expires_at as session_expires_at
            from refresh_tokens t join sessions s on s.id = t.session_id
            where t.token_hash = :hash
            for update of t, s""")
    Optional<RefreshTokenRow> lockRefreshToken(@Bind("hash") byte[] hash);

    @SqlUpdate("update refresh_tokens set used_at = now(), updated_at = now() where token_hash = :hash")
    void markUsed(@Bind("hash") byte[] hash);

    @SqlUpdate("""
            update sessions set last_used_at = now(), updated_at = now()
            where id = :id""")
    void touch(@Bind("id") UUID id);

    @SqlUpdate("""
            update sessions set revoked_at = now(), revoke_reason = :reason, updated_at = now()
            where id = :id and revoked_at is null""")
    boolean revoke(@Bind("id") UUID id, @Bind("reason") String reason);

    @SqlUpdate("""
            update sessions set revoked_at = now(), revoke_reason = :reason, updated_at = now()
            where id = :id and user_id = :userId and revoked_at is null""")
    boolean revokeOwn(@Bind("userId") UUID userId, @Bind("id") UUID id, @Bind("reason") String reason);

    /** Revokes every live session of the user except {@code keep} (may be null). */
    @SqlUpdate("""
            update sessions set revoked_at = now(), revoke_reason = :reason, updated_at = now()
            where user_id = :userId and revoked_at is null and id is distinct from :keep""")
    int revokeAllExcept(@Bind("userId") UUID userId, @Bind("keep") @Nullable UUID keep,
                        @Bind("reason") String reason);

    @SqlQuery("""
            select id, user_id, user_agent, ip_address, last_used_at, expires_at, revoked_at, created_at
            from sessions
            where user_id = :userId and revoked_at is null and expires_at > now()
            order by created_at desc
            limit 100""")
    List<SessionRow> listLive(@Bind("userId") UUID userId);

    @SqlQuery("select revoked_at is null and expires_at > now() from sessions where id = :id")
    Optional<Boolean> isLive(@Bind("id") UUID id);
}
