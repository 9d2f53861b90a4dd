package dev.tradeloom.enquiry.domain;

import static java.util.Objects.requireNonNull;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals secrets for storage with AES-256-GCM: a random 96-bit nonce per message, stored in front
 * of the ciphertext and its tag, and the tenant id as associated data, so a sealed value copied to
 * another tenant's row does not open.
 */
public final class SecretBox {
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    private SecretBox(byte[] key) {
        this.key = new SecretKeySpec(key, "AES");
    }

    /** A box for a base64 (standard or URL-safe) 256-bit key, such as {@code openssl rand -base64 32}. */
    public static SecretBox fromBase64(String base64Key) {
        requireNonNull(base64Key, "base64Key");
        final byte[] key;
        try {
            key = base64Key.contains("-") || base64Key.contains("_")
                  ? Base64.getUrlDecoder().decode(base64Key.trim())
                  : Base64.getDecoder().decode(base64Key.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "CRM_SECRET_KEY is not base64 (expected: 32 random bytes in base64)");
        }
        if (key.length != 32) {
            throw new IllegalArgumentException("CRM_SECRET_KEY: " + key.length
                                               + " bytes (expected: 32 random bytes in base64)");
        }
        return new SecretBox(key);
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

    public byte[] seal(String plaintext, String associatedData) {
        final byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
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

    /** The plaintext; throws when the value was sealed with another key or for other associated data. */
    public String open(byte[] sealed, String associatedData) {
        try {
            final Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES),
                              StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot open a sealed secret (wrong CRM_SECRET_KEY?)", e);
        }
    }
}
