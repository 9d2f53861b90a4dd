package dev.tradeloom.tenant.store;

import java.util.List;

import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Access-token signing keys as private JWK JSON. */
public interface SigningKeyDao {
    @SqlUpdate("insert into signing_keys (kid, private_jwk) values (:kid, :jwk) on conflict do nothing")
    void insert(@Bind("kid") String kid, @Bind("jwk") String privateJwk);

    /** Unretired keys, newest first. */
    @SqlQuery("select private_jwk from signing_keys where retired_at is null order by created_at desc, kid")
    List<String> activeKeys();
}
