package dev.tradeloom.platform.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import dev.tradeloom.platform.error.InvalidArgumentException;

/**
 * Opaque page tokens: the keyset position of the last row served, as URL-safe base64 of its
 * key parts joined by a unit separator. Clients must treat them as opaque.
 */
public final class PageTokens {
    private static final char SEPARATOR = '\u001f';
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

    private PageTokens() {}

    public static String encode(String... keyParts) {
        return Base64.getUrlEncoder().withoutPadding()
                     .encodeToString(String.join(String.valueOf(SEPARATOR), keyParts)
                                           .getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A short digest of the request fields that decide a list's rows (a search's query and filters): a token
     * holding it pages only through the list it came from, and is refused with others rather than continuing
     * from a place in other rows. The same on every replica for the same fields.
     */
    public static String fingerprint(String... requestFields) {
        try {
            final byte[] digest = MessageDigest.getInstance("SHA-256").digest(
                    String.join(String.valueOf(SEPARATOR), requestFields).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform has SHA-256", e);
        }
    }

    /** The key parts of {@code token}; INVALID_ARGUMENT when it is not one of ours. */
    public static List<String> decode(String token, int expectedParts) {
        try {
            final String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            final List<String> parts = List.of(raw.split(String.valueOf(SEPARATOR), -1));
            // Our keys come from stored text, which never holds U+0000; PostgreSQL refuses it as a parameter.
            if (parts.size() == expectedParts && raw.indexOf('\0') < 0) {
                return parts;
            }
        } catch (IllegalArgumentException e) {
            // Falls through to the client error below.
        }
        throw invalid(token);
    }

    /** The error for a token that is not one of ours, or not from this list. */
    public static InvalidArgumentException invalid(String token) {
        return InvalidArgumentException.of("page_token", "'" + token + "' is not a page token from this list "
                                                         + "(expected: next_page_token of a previous response)");
    }

    /** A UUID key part; INVALID_ARGUMENT when the token was tampered with. */
    public static UUID uuid(String part) {
        try {
            return UUID.fromString(part);
        } catch (IllegalArgumentException e) {
            throw invalid(part);
        }
    }

    /**
     * A time key part; INVALID_ARGUMENT when the token was tampered with, or holds a time outside protobuf's
     * timestamps (years 0001 to 9999), which {@link Instant#parse} reads but neither JDBC nor PostgreSQL takes.
     */
    public static Instant instant(String part) {
        final Instant time;
        try {
            time = Instant.parse(part);
        } catch (DateTimeParseException e) {
            throw invalid(part);
        }
        if (time.isBefore(EARLIEST) || time.isAfter(LATEST)) {
            throw invalid(part);
        }
        return time;
    }

    /** An integer key part; INVALID_ARGUMENT when the token was tampered with. */
    public static int intValue(String part) {
        try {
            return Integer.parseInt(part);
        } catch (NumberFormatException e) {
            throw invalid(part);
        }
    }

    /** {@code requested} with 0 meaning {@code defaultSize}, capped at {@code max}. */
    public static int pageSize(int requested, int defaultSize, int max) {
        if (requested < 0) {
            throw InvalidArgumentException.of("page_size", requested + " (expected: 0.." + max + ')');
        }
        return requested == 0 ? defaultSize : Math.min(requested, max);
    }
}
