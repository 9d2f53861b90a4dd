package dev.tradeloom.tenant.domain;

import static java.util.Objects.requireNonNull;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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
import dev.tradeloom.tenant.store.SigningKeyDao.StoredKey;

/**
 * The ES256 key ring, kept in the database so every replica signs and verifies with the same
 * keys, their private halves sealed ({@link AccountSecrets}). A key is generated on first start; a key that
 * does not open fails the start rather than being replaced. Each key has a time it starts signing: the latest key
 * whose time has come signs, and every unretired key verifies and is published, including a
 * rotated-in key that does not sign yet. Keys are re-read every minute (and on an unknown kid, at
 * most every ten seconds), which is how a rotation done by one replica reaches the others.
 */
public final class SigningKeys implements JWKSource<SecurityContext> {
    private static final Duration RELOAD = Duration.ofMinutes(1);
    /**
     * The least time between re-reads for an unknown kid. Keys are published ten minutes before they
     * sign, so a replica knows a new key long before a token needs it; the re-read is a fallback.
     */
    static final Duration UNKNOWN_KID_RELOAD = Duration.ofSeconds(10);

    private final Transactor tx;
    private final AccountSecrets secrets;
    private final Clock clock;
    private volatile Ring ring;

    private record Key(ECKey key, Instant signsFrom) {}

    /** Keys newest first, their public halves, and when they were read. */
    private record Ring(List<Key> keys, JWKSet publicKeys, Instant loadedAt) {}

    /** What one rotation check did. */
    public record Rotation(String signingKid, int added, int retired, int active) {}

    public SigningKeys(Transactor tx, AccountSecrets secrets) {
        this(tx, secrets, Clock.systemUTC());
    }

    public SigningKeys(Transactor tx, AccountSecrets secrets, Clock clock) {
        this.tx = requireNonNull(tx, "tx");
        this.secrets = requireNonNull(secrets, "secrets");
        this.clock = requireNonNull(clock, "clock");
        ring = load();
    }

    /** The key that signs new tokens now. */
    public ECKey signingKey() {
        final Instant now = now();
        final List<Key> keys = current().keys();
        return keys.stream().filter(k -> !k.signsFrom().isAfter(now)).findFirst()
                   .orElse(keys.get(keys.size() - 1)).key();
    }

    /** Public keys for the JWKS document. */
    public JWKSet publicKeys() {
        return current().publicKeys();
    }

    /** Adds a new key that signs from now on; the previous ones keep verifying until retired. */
    public void rotate() {
        final ECKey key = newKey();
        final byte[] sealed = seal(key);
        tx.inSystem(h -> {
            h.attach(SigningKeyDao.class).insert(key.getKeyID(), sealed, now());
            return null;
        });
        ring = load();
    }

    /**
     * One rotation check, safe on several replicas at once. When the signing key has signed for
     * {@code maxAge} minus {@code publishAhead} and no successor is waiting, adds a successor that
     * starts signing {@code publishAhead} later (verifiers that cache the JWKS for less than that
     * know it before its first token). Retires every key whose successor started signing more
     * than {@code tokenLifetime} ago, when all tokens it signed have expired.
     */
    public Rotation rotateIfDue(Duration maxAge, Duration publishAhead, Duration tokenLifetime) {
        requireNonNull(maxAge, "maxAge");
        requireNonNull(publishAhead, "publishAhead");
        requireNonNull(tokenLifetime, "tokenLifetime");
        final Instant now = now();
        final int[] counts = tx.inSystem(h -> {
            final SigningKeyDao dao = h.attach(SigningKeyDao.class);
            dao.lockRing();
            final List<StoredKey> keys = dao.activeKeys();
            final boolean waiting = keys.stream().anyMatch(k -> k.signsFrom().isAfter(now));
            final Instant signingSince = keys.stream().map(StoredKey::signsFrom).filter(t -> !t.isAfter(now))
                                             .findFirst().orElse(now);
            int added = 0;
            if (!waiting && !signingSince.plus(maxAge).minus(publishAhead).isAfter(now)) {
                final ECKey key = newKey();
                final Instant due = signingSince.plus(maxAge);
                final Instant earliest = now.plus(publishAhead);
                dao.insert(key.getKeyID(), seal(key), due.isAfter(earliest) ? due : earliest);
                added = 1;
            }
            final int retired = dao.retireSuperseded(now, now.minus(tokenLifetime));
            return new int[] {added, retired};
        });
        ring = load();
        return new Rotation(signingKey().getKeyID(), counts[0], counts[1], ring.keys().size());
    }

    @Override
    public List<JWK> get(JWKSelector selector, SecurityContext context) {
        final List<JWK> found = selector.select(current().publicKeys());
        if (!found.isEmpty()) {
            return found;
        }
        // An unknown kid may come from a key another replica just added. Re-reading for one at most every
        // UNKNOWN_KID_RELOAD keeps tokens with made-up kids from costing a database read each.
        if (ring.loadedAt().plus(UNKNOWN_KID_RELOAD).isAfter(now())) {
            return found;
        }
        ring = load();
        return selector.select(ring.publicKeys());
    }

    private Ring current() {
        final Ring r = ring;
        if (r.loadedAt().plus(RELOAD).isBefore(now())) {
            ring = load();
        }
        return ring;
    }

    private Ring load() {
        final List<StoredKey> stored = tx.inSystem(h -> {
            final SigningKeyDao dao = h.attach(SigningKeyDao.class);
            if (dao.activeKeys().isEmpty()) {
                final ECKey key = newKey();
                dao.insert(key.getKeyID(), seal(key), now());
            }
            return dao.activeKeys();
        });
        final List<Key> keys = stored.stream().map(k -> new Key(open(k), k.signsFrom())).toList();
        return new Ring(keys, new JWKSet(keys.stream().map(k -> (JWK) k.key().toPublicJWK()).toList()),
                        now());
    }

    /** The time in PostgreSQL's precision, so a key stored as signing from now signs now. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private byte[] seal(ECKey key) {
        return secrets.sealSigningKey(key.getKeyID(), key.toJSONString());
    }

    private ECKey open(StoredKey stored) {
        final byte[] sealed = stored.privateJwkSealed();
        if (sealed == null) {
            throw new IllegalStateException("Signing key " + stored.kid() + " is still in plaintext "
                                            + "(expected: sealed by PlaintextSealer before the ring is read)");
        }
        try {
            return ECKey.parse(secrets.openSigningKey(stored.kid(), sealed));
        } catch (ParseException e) {
            throw new IllegalStateException("Stored signing key " + stored.kid() + " is unreadable", e);
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
