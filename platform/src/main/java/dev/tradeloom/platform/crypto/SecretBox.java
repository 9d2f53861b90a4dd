package dev.tradeloom.platform.crypto;

import static java.util.Objects.requireNonNull;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals secrets for storage with AES-256-GCM: a random 96-bit nonce per message, stored in front of the
 * ciphertext and its tag, and associated data naming the row a value belongs to, so a sealed value copied
 * to another row does not open. The key comes from a setting, which every error names.
 */
public final class SecretBox {
    private static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String setting;
    private final SecretKeySpec key;

    private SecretBox(String setting, byte[] key) {
        this.setting = setting;
        this.key = new SecretKeySpec(key, "AES");
    }

    /**
     * A box for the base64 (standard or URL-safe) 256-bit key of {@code setting}, such as
     * {@code openssl rand -base64 32}; errors name {@code setting} and never show the key.
     */
    public static SecretBox fromBase64(String setting, String base64Key) {
        requireNonNull(setting, "setting");
        requireNonNull(base64Key, "base64Key");
        final byte[] key;
        try {
            key = base64Key.contains("-") || base64Key.contains("_")
                  ? Base64.getUrlDecoder().decode(base64Key.trim())
                  : Base64.getDecoder().decode(base64Key.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    setting + " is not base64 (expected: 32 random bytes in base64)");
        }
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException(setting + ": " + key.length
                                               + " bytes (expected: 32 random bytes in base64)");
        }
        return new SecretBox(setting, key);
    }

    /** A new random key in the form {@link #fromBase64} reads. */
    public static String newKey() {
        final byte[] key = new byte[KEY_BYTES];
        RANDOM.nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    /** The setting this box's key came from. */
    public String setting() {
        return setting;
    }

    /**
     * A 256-bit key for {@code purpose}, derived from this box's key (HMAC-SHA256 of the purpose), so the
     * one secret setting can key other things without any of them revealing it or one another.
     */
    public byte[] derive(String purpose) {
        requireNonNull(purpose, "purpose");
        try {
            final Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getEncoded(), "HmacSHA256"));
            return mac.doFinal(purpose.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
        }
    }

    /** {@code plaintext} sealed for {@code associatedData}: nonce, ciphertext and tag. */
    public byte[] seal(String plaintext, String associatedData) {
        requireNonNull(plaintext, "plaintext");
        requireNonNull(associatedData, "associatedData");
        final byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            final Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            final byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
    }

    /**
     * The plaintext of {@code sealed}.
     *
     * @throws UnopenableSecretException when the value was sealed with another key or for other associated
     *                                   data, or was altered
     */
    public String open(byte[] sealed, String associatedData) {
        requireNonNull(sealed, "sealed");
        requireNonNull(associatedData, "associatedData");
        if (sealed.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new UnopenableSecretException("Cannot open a sealed secret: " + sealed.length
                                                + " bytes (expected: at least " + (NONCE_BYTES + TAG_BITS / 8)
                                                + ")");
        }
        try {
            final Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES),
                              StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new UnopenableSecretException("Cannot open a sealed secret (wrong " + setting
                                                + ", or a value copied from another row?)");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
    }
}
