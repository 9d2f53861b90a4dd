package dev.tradeloom.platform.storage;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The image types accepted for upload, recognised from their first bytes (never from a file name or a
 * client's Content-Type).
 */
public enum ImageType {
    JPEG("image/jpeg"),
    PNG("image/png"),
    WEBP("image/webp");

    /** How many leading bytes {@link #sniff} needs to decide. */
    public static final int SNIFF_BYTES = 12;

    private static final byte[] PNG_SIGNATURE = {
            (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'
    };

    private final String contentType;

    ImageType(String contentType) {
        this.contentType = contentType;
    }

    /** The MIME type, e.g. {@code image/png}. */
    public String contentType() {
        return contentType;
    }

    /** The image type whose signature {@code head} starts with, if any. */
    public static Optional<ImageType> sniff(byte[] head) {
        requireNonNull(head, "head");
        if (head.length >= 3 && (head[0] & 0xff) == 0xff && (head[1] & 0xff) == 0xd8
            && (head[2] & 0xff) == 0xff) {
            return Optional.of(JPEG);
        }
        if (startsWith(head, PNG_SIGNATURE, 0)) {
            return Optional.of(PNG);
        }
        // RIFF <4-byte size> WEBP
        if (startsWith(head, ascii("RIFF"), 0) && startsWith(head, ascii("WEBP"), 8)) {
            return Optional.of(WEBP);
        }
        return Optional.empty();
    }

    /** The accepted types for messages: {@code image/jpeg, image/png, image/webp}. */
    public static String accepted() {
        return JPEG.contentType + ", " + PNG.contentType + ", " + WEBP.contentType;
    }

    private static boolean startsWith(byte[] data, byte[] prefix, int at) {
        if (data.length < at + prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (data[at + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
