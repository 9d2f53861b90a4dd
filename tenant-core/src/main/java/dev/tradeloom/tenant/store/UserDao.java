package dev.tradeloom.tenant.store;

import java.util.Optional;
import java.util.UUID;

import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Accounts. */
public interface UserDao {
    String COLUMNS = """
            id, email, display_name, language, password_hash, email_verified_at, platform_admin,
            totp_secret_sealed, totp_pending_secret_sealed, totp_enabled_at, version, created_at, updated_at""";

    /** Inserts a user; returns false when the email is taken (case-insensitively). */
    @SqlUpdate("""
            insert into users (id, email, display_name, language, password_hash)
            values (:id, :email, :displayName, :language, :passwordHash)
            on conflict (lower(email)) do nothing""")
    boolean insert(@Bind("id") UUID id, @Bind("email") String email, @Bind("displayName") String displayName,
                   @Bind("language") String language, @Bind("passwordHash") String passwordHash);

    @SqlQuery("select " + COLUMNS + " from users where id = :id")
    Optional<UserRow> find(@Bind("id") UUID id);

    @SqlQuery("select " + COLUMNS + " from users where lower(email) = lower(:email)")
    Optional<UserRow> findByEmail(@Bind("email") String email);

    /**
     * The user's password hash, share-locked until the transaction ends, so that a password change or
     * reset committing meanwhile waits for it.
     */
    @SqlQuery("select password_hash from users where id = :id for share")
    Optional<String> lockPasswordHash(@Bind("id") UUID id);

    @SqlUpdate("""
            update users set email_verified_at = coalesce(email_verified_at, now()), version = version + 1,
                   updated_at = now()
            where id = :id""")
    void markEmailVerified(@Bind("id") UUID id);

    @SqlUpdate("""
            update users set password_hash = :hash, version = version + 1, updated_at = now()
            where id = :id""")
    void setPasswordHash(@Bind("id") UUID id, @Bind("hash") String hash);

    /**
     * Sets the hash if the password is still the one {@code expected} holds: a reset or another change that
     * committed since the caller checked it is not overwritten. False when it changed.
     */
    @SqlUpdate("""
            update users set password_hash = :hash, version = version + 1, updated_at = now()
            where id = :id and password_hash = :expected""")
    boolean replacePasswordHash(@Bind("id") UUID id, @Bind("expected") String expected,
                                @Bind("hash") String hash);

    @SqlUpdate("""
            update users set totp_pending_secret_sealed = :sealed, version = version + 1, updated_at = now()
            where id = :id""")
    void setPendingTotpSecret(@Bind("id") UUID id, @Bind("sealed") byte[] sealedSecret);

    @SqlUpdate("""
            update users set totp_secret_sealed = totp_pending_secret_sealed, totp_pending_secret_sealed = null,
                   totp_enabled_at = now(), version = version + 1, updated_at = now()
            where id = :id and totp_pending_secret_sealed is not null""")
    boolean enableTotp(@Bind("id") UUID id);

    /** Records TOTP time step {@code step} as used; false when it or a later one was already used. */
    @SqlUpdate("""
            update users set totp_last_step = :step
            where id = :id and (totp_last_step is null or totp_last_step < :step)""")
    boolean useTotpStep(@Bind("id") UUID id, @Bind("step") long step);

    @SqlUpdate("""
            update users set totp_secret_sealed = null, totp_pending_secret_sealed = null,
                   totp_enabled_at = null, version = version + 1, updated_at = now()
            where id = :id""")
    void disableTotp(@Bind("id") UUID id);

    @SqlUpdate("update users set platform_admin = :admin, updated_at = now() where id = :id")
    void setPlatformAdmin(@Bind("id") UUID id, @Bind("admin") boolean admin);

    /**
     * Makes exactly the verified accounts whose address (lower case) is among {@code emails} platform admins;
     * returns how many accounts changed.
     */
    @SqlUpdate("""
            update users set platform_admin = not platform_admin, updated_at = now()
            where platform_admin <> (email_verified_at is not null and lower(email) = any(:emails))""")
    int syncPlatformAdmins(@Bind("emails") String[] emails);

    /** Platform admins now. */
    @SqlQuery("select count(*) from users where platform_admin")
    int countPlatformAdmins();
}
