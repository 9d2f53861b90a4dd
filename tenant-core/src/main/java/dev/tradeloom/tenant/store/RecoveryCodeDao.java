package dev.tradeloom.tenant.store;

import java.util.UUID;

import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Second-factor recovery codes, stored as digests. */
public interface RecoveryCodeDao {
    @SqlUpdate("delete from recovery_codes where user_id = :userId")
    void deleteAll(@Bind("userId") UUID userId);

    @SqlUpdate("insert into recovery_codes (user_id, code_hash) values (:userId, :hash)")
    void insert(@Bind("userId") UUID userId, @Bind("hash") byte[] hash);

    /** Uses an unused code; false when it does not exist or was used. */
    @SqlUpdate("""
            update recovery_codes set used_at = now(), updated_at = now()
            where user_id = :userId and code_hash = :hash and used_at is null""")
    boolean consume(@Bind("userId") UUID userId, @Bind("hash") byte[] hash);
}
