package dev.tradeloom.enquiry.domain;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

import dev.tradeloom.platform.crypto.SecretBox;

/**
 * The keys guests are counted under: HMAC-SHA256 of the email address or client network with a secret
 * key. A plain digest gave both back to anyone who reads the table: every IPv4 address hashes in
 * minutes, and a list of known emails as fast.
 */
public final class GuestCounterKeys {
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;

    private GuestCounterKeys(byte[] key) {
        this.key = new SecretKeySpec(key, ALGORITHM);
    }

    /**
     * Keys derived from {@code crmSecrets} ({@code CRM_SECRET_KEY}), so every replica sharing it counts a
     * guest under the same keys; without it, a random key of this process, which keeps the counts from
     * being read back but lets them restart with the process and be counted by each replica on its own.
     */
    public static GuestCounterKeys of(@Nullable SecretBox crmSecrets) {
        if (crmSecrets != null) {
            return new GuestCounterKeys(crmSecrets.derive("guest-counters"));
        }
        final byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return new GuestCounterKeys(key);
    }

    /**
     * The key of the guest writing from {@code email}: of the mailbox it reaches ({@link GuestMailbox}), so
     * the spellings of one mailbox (case, {@code +tag}, Gmail's dots) share one count.
     */
    String email(String email) {
        return hmac(GuestMailbox.of(email));
    }

    /** The key of the guest at {@code clientAddress}: its network, as {@link ClientNetwork} counts it. */
    String network(String clientAddress) {
        return hmac(ClientNetwork.of(clientAddress));
    }

    private String hmac(String value) {
        requireNonNull(value, "value");
        try {
            final Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
        }
    }
}
