package dev.tradeloom.tenant.domain;

import java.nio.ByteBuffer;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.OptionalLong;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.google.common.io.BaseEncoding;

/** Time-based one-time passwords (RFC 6238): HMAC-SHA1, 30-second steps, 6 digits. */
public final class Totp {
    private static final int STEP_SECONDS = 30;
    private static final int DIGITS = 6;
    /** Codes from one step before and after are accepted, for clock drift. */
    private static final int WINDOW = 1;

    private Totp() {}

    /** A new 160-bit shared secret, base32 without padding. */
    public static String newSecret() {
        final byte[] secret = new byte[20];
        new SecureRandom().nextBytes(secret);
        return BaseEncoding.base32().omitPadding().encode(secret);
    }

    public static String otpauthUri(String secret, String accountEmail) {
        final String label = "Tradeloom:" + accountEmail;
        return "otpauth://totp/" + java.net.URLEncoder.encode(label, java.nio.charset.StandardCharsets.UTF_8)
                                                     .replace("+", "%20")
               + "?secret=" + secret + "&issuer=Tradeloom&digits=6&period=30";
    }

    /** The time step, within the window around {@code now}, whose code {@code code} is; empty if none. */
    public static OptionalLong matchingStep(String secret, String code, Instant now) {
        if (code.length() != DIGITS || !code.chars().allMatch(Character::isDigit)) {
            return OptionalLong.empty();
        }
        final long step = now.getEpochSecond() / STEP_SECONDS;
        for (int offset = -WINDOW; offset <= WINDOW; offset++) {
            if (code(secret, step + offset).equals(code)) {
                return OptionalLong.of(step + offset);
            }
        }
        return OptionalLong.empty();
    }

    /** The code for {@code secret} at {@code now}. */
    public static String codeAt(String secret, Instant now) {
        return code(secret, now.getEpochSecond() / STEP_SECONDS);
    }

    private static String code(String secret, long step) {
        try {
            final Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(BaseEncoding.base32().omitPadding().decode(secret), "HmacSHA1"));
            final byte[] hash = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
            final int offset = hash[hash.length - 1] & 0x0f;
            final int binary = ((hash[offset] & 0x7f) << 24) | ((hash[offset + 1] & 0xff) << 16)
                               | ((hash[offset + 2] & 0xff) << 8) | (hash[offset + 3] & 0xff);
            return String.format("%0" + DIGITS + "d", binary % 1_000_000);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA1 is required by every JRE", e);
        }
    }
}
