package dev.tradeloom.tenant.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jspecify.annotations.Nullable;

/** The signing key ring: private keys as sealed JWK JSON, each with the time it starts signing. */
@RegisterConstructorMapper(SigningKeyDao.StoredKey.class)
public interface SigningKeyDao {
    /** One unretired key; its private key is null only while still in plaintext, before the start seals it. */
    record StoredKey(String kid, byte @Nullable [] privateJwkSealed, Instant signsFrom) {}

    @SqlUpdate("""
            insert into signing_keys (kid, private_jwk_sealed, signs_from, created_at, updated_at)
            values (:kid, :sealed, :signsFrom, now(), now())
            on conflict do nothing""")
    void insert(@Bind("kid") String kid, @Bind("sealed") byte[] sealedPrivateJwk,
                @Bind("signsFrom") Instant signsFrom);

    /** Unretired keys, the latest to start signing first. */
    @SqlQuery("""
            select kid, private_jwk_sealed, signs_from from signing_keys
            where retired_at is null
            order by signs_from desc, kid""")
    List<StoredKey> activeKeys();

    /** Any one key sealed before, retired or not, to check the key against. */
    @SqlQuery("""
            select kid, private_jwk_sealed, signs_from from signing_keys
            where private_jwk_sealed is not null
            order by signs_from desc
            limit 1""")
    Optional<StoredKey> anySealed();

    /** Serializes rotations between replicas until the transaction ends. */
    @SqlQuery("select pg_advisory_xact_lock(hashtext('tenant.signing_keys'))::text")
    String lockRing();

    /**
     * Retires every key superseded by a newer key that began signing at or before {@code cutoff}:
     * the retired key signed nothing after that, so its tokens have all expired.
     */
    @SqlUpdate("""
            update signing_keys k set retired_at = :now, updated_at = :now
            where k.retired_at is null
              and exists (select 1 from signing_keys n
                          where n.retired_at is null and n.signs_from > k.signs_from and n.signs_from <= :cutoff)""")
    int retireSuperseded(@Bind("now") Instant now, @Bind("cutoff") Instant cutoff);
}
