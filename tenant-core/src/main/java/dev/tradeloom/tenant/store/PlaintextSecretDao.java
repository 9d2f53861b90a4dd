package dev.tradeloom.tenant.store;

import java.util.List;
import java.util.UUID;

import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jspecify.annotations.Nullable;

/**
 * Secrets an earlier version stored in plaintext (migration V10), read once more to be sealed. Each
 * update clears the plaintext and applies only while it is still there, so replicas starting together
 * seal a row once.
 */
@RegisterConstructorMapper(PlaintextSecretDao.PlaintextTotp.class)
@RegisterConstructorMapper(PlaintextSecretDao.PlaintextKey.class)
public interface PlaintextSecretDao {
    /** A user's TOTP secrets in plaintext, either of which may be absent. */
    record PlaintextTotp(UUID id, @Nullable String totpSecretPlaintext,
                         @Nullable String totpPendingSecretPlaintext) {}

    /** A signing key's private JWK in plaintext. */
    record PlaintextKey(String kid, String privateJwkPlaintext) {}

    @SqlQuery("""
            select id, totp_secret_plaintext, totp_pending_secret_plaintext from users
            where totp_secret_plaintext is not null or totp_pending_secret_plaintext is not null
            order by id
            limit :limit""")
    List<PlaintextTotp> totpSecrets(@Bind("limit") int limit);

    @SqlUpdate("""
            update users set totp_secret_sealed = :secret, totp_pending_secret_sealed = :pending,
                             totp_secret_plaintext = null, totp_pending_secret_plaintext = null
            where id = :id
              and (totp_secret_plaintext is not null or totp_pending_secret_plaintext is not null)""")
    boolean sealTotp(@Bind("id") UUID id, @Bind("secret") byte @Nullable [] sealedSecret,
                     @Bind("pending") byte @Nullable [] sealedPending);

    /** Retired keys too: a retired private key still signs whatever it is given. */
    @SqlQuery("""
            select kid, private_jwk_plaintext from signing_keys
            where private_jwk_plaintext is not null
            order by kid
            limit :limit""")
    List<PlaintextKey> signingKeys(@Bind("limit") int limit);

    @SqlUpdate("""
            update signing_keys set private_jwk_sealed = :sealed, private_jwk_plaintext = null
            where kid = :kid and private_jwk_plaintext is not null""")
    boolean sealSigningKey(@Bind("kid") String kid, @Bind("sealed") byte[] sealed);
}
