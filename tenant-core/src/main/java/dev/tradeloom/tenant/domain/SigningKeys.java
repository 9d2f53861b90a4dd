package dev.tradeloom.tenant.domain;

import static java.util.Objects.requireNonNull;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

import dev.tradeloom.platform.db.Transactor;
import dev.tradeloom.platform.id.Uuid7;
import dev.tradeloom.tenant.store.SigningKeyDao;

/**
 * The ES256 key ring, kept in the database so every replica signs and verifies with the same
 * keys. A key is generated on first start; the newest unretired key signs, all unretired keys
 * verify (so a new key can be added before the old one is retired). Keys are re-read every
 * minute, which is how a rotation done by one replica reaches the others.
 */
public final class SigningKeys implements JWKSource<SecurityContext> {
    private static final Duration RELOAD = Duration.ofMinutes(1);

    private final Transactor tx;
    private volatile Ring ring;

    private record Ring(ECKey signing, JWKSet publicKeys, Instant loadedAt) {}

    public SigningKeys(Transactor tx) {
        this.tx = requireNonNull(tx, "tx");
        ring = load();
    }

    /** The key that signs new tokens. */
    public ECKey signingKey() {
        return current().signing();
    }

    /** Public keys for the JWKS document. */
    public JWKSet publicKeys() {
        return current().publicKeys();
    }

    /** Adds a new signing key; the previous ones keep verifying until retired. */
    public void rotate() {
        final ECKey key = newKey();
        tx.inSystem(h -> {
            h.attach(SigningKeyDao.class).insert(key.getKeyID(), key.toJSONString());
            return null;
        });
        ring = load();
    }

    @Override
    public List<JWK> get(JWKSelector selector, SecurityContext context) {
        final List<JWK> found = selector.select(current().publicKeys());
        if (!found.isEmpty()) {
            return found;
        }
        // An unknown kid may come from a key another replica just added.
        ring = load();
        return selector.select(ring.publicKeys());
    }

    private Ring current() {
        final Ring r = ring;
        if (r.loadedAt().plus(RELOAD).isBefore(Instant.now())) {
            ring = load();
        }
        return ring;
    }

    private Ring load() {
        final List<String> stored = tx.inSystem(h -> {
            final SigningKeyDao dao = h.attach(SigningKeyDao.class);
            if (dao.activeKeys().isEmpty()) {
                final ECKey key = newKey();
                dao.insert(key.getKeyID(), key.toJSONString());
            }
            return dao.activeKeys();
        });
        final List<ECKey> keys = stored.stream().map(SigningKeys::parse).toList();
        return new Ring(keys.get(0), new JWKSet(keys.stream().map(k -> (JWK) k.toPublicJWK()).toList()),
                        Instant.now());
    }

    private static ECKey parse(String json) {
        try {
            return ECKey.parse(json);
        } catch (ParseException e) {
            throw new IllegalStateException("Stored signing key is unreadable", e);
        }
    }

    private static ECKey newKey() {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(Uuid7.next().toString())
                                                   .keyUse(KeyUse.SIGNATURE)
                                                   .algorithm(JWSAlgorithm.ES256)
                                                   .generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot generate a P-256 key", e);
        }
    }
}
