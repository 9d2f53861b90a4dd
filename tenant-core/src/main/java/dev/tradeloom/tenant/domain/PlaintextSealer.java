package dev.tradeloom.tenant.domain;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import java.util.function.ToIntFunction;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tradeloom.platform.db.Transactor;
import dev.tradeloom.tenant.store.PlaintextSecretDao;
import dev.tradeloom.tenant.store.PlaintextSecretDao.PlaintextKey;
import dev.tradeloom.tenant.store.PlaintextSecretDao.PlaintextTotp;
import dev.tradeloom.tenant.store.SigningKeyDao;
import dev.tradeloom.tenant.store.SigningKeyDao.StoredKey;

/**
 * Seals the TOTP secrets and signing keys an earlier version stored in plaintext and clears the plaintext
 * (migration V10). It runs at every start, before the service reads a key or serves: after the first, it
 * finds nothing. It first checks that the key opens a key sealed before, so it never seals under a key
 * other than the one already in use.
 */
public final class PlaintextSealer {
    /** Rows sealed per transaction, so a large table is not sealed in one long transaction. */
    private static final int BATCH = 500;
    private static final Logger logger = LoggerFactory.getLogger(PlaintextSealer.class);

    private final Transactor tx;
    private final AccountSecrets secrets;

    /** What one run sealed. */
    public record Sealed(int users, int signingKeys) {}

    public PlaintextSealer(Transactor tx, AccountSecrets secrets) {
        this.tx = requireNonNull(tx, "tx");
        this.secrets = requireNonNull(secrets, "secrets");
    }

    /**
     * Seals every plaintext secret.
     *
     * @throws IllegalStateException naming the key's setting when it does not open the keys sealed before
     */
    public Sealed sealAll() {
        final Optional<StoredKey> sealedBefore = tx.inSystem(h -> h.attach(SigningKeyDao.class).anySealed());
        if (sealedBefore.isPresent()) {
            final StoredKey key = sealedBefore.get();
            secrets.openSigningKey(key.kid(), requireNonNull(key.privateJwkSealed(), "privateJwkSealed"));
        }
        final int users = inBatches(dao -> {
            final List<PlaintextTotp> rows = dao.totpSecrets(BATCH);
            rows.forEach(u -> dao.sealTotp(u.id(), sealTotp(u, u.totpSecretPlaintext()),
                                           sealTotp(u, u.totpPendingSecretPlaintext())));
            return rows.size();
        });
        final int keys = inBatches(dao -> {
            final List<PlaintextKey> rows = dao.signingKeys(BATCH);
            rows.forEach(k -> dao.sealSigningKey(k.kid(), secrets.sealSigningKey(k.kid(), k.privateJwkPlaintext())));
            return rows.size();
        });
        if (users + keys > 0) {
            logger.info("Sealed the plaintext TOTP secrets of {} users and {} signing keys under {}", users,
                        keys, AccountSecrets.SECRET_KEY);
        }
        return new Sealed(users, keys);
    }

    /** Runs {@code batch} (which seals up to {@link #BATCH} rows) in transactions until one finds fewer. */
    private int inBatches(ToIntFunction<PlaintextSecretDao> batch) {
        int sealed = 0;
        int done;
        do {
            done = tx.inSystem(h -> batch.applyAsInt(h.attach(PlaintextSecretDao.class)));
            sealed += done;
        } while (done == BATCH);
        return sealed;
    }

    private byte @Nullable [] sealTotp(PlaintextTotp user, @Nullable String secret) {
        return secret == null ? null : secrets.sealTotp(user.id(), secret);
    }
}
