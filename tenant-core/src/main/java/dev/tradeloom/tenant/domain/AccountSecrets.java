package dev.tradeloom.tenant.domain;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tradeloom.platform.crypto.SecretBox;
import dev.tradeloom.platform.crypto.UnopenableSecretException;

/**
 * Seals what tenant-core keeps secret at rest, TOTP secrets and signing keys, each bound to its row
 * (the user id, the kid) and to its kind, so a sealed value copied to another row or column does not open.
 */
public final class AccountSecrets {
    /** The setting that holds the key. */
    public static final String SECRET_KEY = "ACCOUNT_SECRET_KEY";

    private static final Logger logger = LoggerFactory.getLogger(AccountSecrets.class);

    private final SecretBox box;

    public AccountSecrets(SecretBox box) {
        this.box = requireNonNull(box, "box");
    }

    /** A user's TOTP secret, active or pending alike: enabling TOTP moves the pending one as it is. */
    public byte[] sealTotp(UUID userId, String secret) {
        return box.seal(secret, totpData(userId));
    }

    /**
     * The TOTP secret sealed for {@code userId}; empty, with a warning, when it does not open. Start-up
     * has checked the key against the signing keys, so that means the value was copied from another row or
     * altered, and no code must pass for it.
     */
    public Optional<String> openTotp(UUID userId, byte[] sealed) {
        try {
            return Optional.of(box.open(sealed, totpData(userId)));
        } catch (UnopenableSecretException e) {
            logger.warn("The TOTP secret of user {} does not open: it was not sealed for this user under {}",
                        userId, box.setting());
            return Optional.empty();
        }
    }

    public byte[] sealSigningKey(String kid, String privateJwk) {
        return box.seal(privateJwk, signingKeyData(kid));
    }

    /**
     * The private JWK sealed for {@code kid}.
     *
     * @throws IllegalStateException naming the setting when it does not open, which, for a key this service
     *                               signs with, almost always means the setting changed
     */
    public String openSigningKey(String kid, byte[] sealed) {
        try {
            return box.open(sealed, signingKeyData(kid));
        } catch (UnopenableSecretException e) {
            throw new IllegalStateException(
                    box.setting() + " does not open signing key " + kid + " (expected: the " + box.setting()
                    + " the stored TOTP secrets and signing keys were sealed with; was it changed?)", e);
        }
    }

    private static String totpData(UUID userId) {
        return "users.totp:" + userId;
    }

    private static String signingKeyData(String kid) {
        return "signing_keys.private_jwk:" + kid;
    }
}
