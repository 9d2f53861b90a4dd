package dev.tradeloom.tryon.domain;

import static java.util.Objects.requireNonNull;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.tradeloom.platform.error.InvalidArgumentException;
import dev.tradeloom.platform.storage.ImageType;
import dev.tradeloom.platform.storage.ObjectInfo;
import dev.tradeloom.platform.storage.ObjectStore;

/**
 * Where a user's try-on files live: {@code tryon/<user id>/photos/<128 random bits>.<ext>} for uploads and
 * {@code tryon/<user id>/results/<job id>-<attempt>.<ext>} for generated images. Keys carry their owner, so
 * a submit can tell the caller's uploads from anyone else's without a table of uploads.
 */
public final class Photos {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ObjectStore store;

    public Photos(ObjectStore store) {
        this.store = requireNonNull(store, "store");
    }

    public ObjectStore store() {
        return store;
    }

    /** A fresh, unguessable key for one of {@code userId}'s uploads of {@code type}. */
    public static String newUploadKey(UUID userId, ImageType type) {
        final byte[] bits = new byte[16];
        RANDOM.nextBytes(bits);
        return prefix(userId) + "photos/" + HexFormat.of().formatHex(bits) + '.' + extension(type.contentType());
    }

    /** The key of attempt {@code attempt}'s result of job {@code jobId}. */
    public static String resultKey(UUID userId, UUID jobId, int attempt, String contentType) {
        return prefix(userId) + "results/" + jobId + '-' + attempt + '.' + extension(contentType);
    }

    /**
     * The keys attempts 1 to {@code attempts} of job {@code jobId} may have stored their results under (every
     * image type), for deleting what a worker that died between storing and recording left behind.
     */
    public static List<String> resultKeys(UUID userId, UUID jobId, int attempts) {
        final List<String> keys = new ArrayList<>();
        for (int attempt = 1; attempt <= attempts; attempt++) {
            for (ImageType type : ImageType.values()) {
                keys.add(resultKey(userId, jobId, attempt, type.contentType()));
            }
        }
        return keys;
    }

    /**
     * Checks that {@code key} (from request field {@code field}) is one of {@code userId}'s uploads and holds
     * an image within the size limit; returns its type. INVALID_ARGUMENT naming the field otherwise.
     */
    public ImageType checkUpload(String field, UUID userId, String key) {
        if (!isUploadOf(userId, key)) {
            throw InvalidArgumentException.of(field, "'" + key + "' is not one of your uploads (expected: a key "
                                                     + "from CreateTryOnPhotoUpload)");
        }
        final Optional<ObjectInfo> info = store.head(key);
        if (info.isEmpty()) {
            throw InvalidArgumentException.of(field, "nothing was uploaded to '" + key + "' (expected: the photo "
                                                     + "PUT to the upload URL first)");
        }
        final int max = store.config().maxImageBytes();
        if (info.get().size() > max) {
            throw InvalidArgumentException.of(field, "the photo has " + info.get().size() + " bytes (expected: "
                                                     + "at most " + max + ')');
        }
        final byte[] head = store.readHead(key, ImageType.SNIFF_BYTES).orElse(new byte[0]);
        return ImageType.sniff(head).orElseThrow(() -> InvalidArgumentException.of(
                field, "the uploaded file is not an image (expected: " + ImageType.accepted() + ')'));
    }

    /** True when {@code key} names one of {@code userId}'s uploads (a product's image, say, does not). */
    public static boolean isUploadOf(UUID userId, String key) {
        return key.startsWith(prefix(userId) + "photos/") && !key.contains("..");
    }

    private static String prefix(UUID userId) {
        return "tryon/" + userId + '/';
    }

    private static String extension(String contentType) {
        switch (contentType) {
            case "image/jpeg":
                return "jpg";
            case "image/webp":
                return "webp";
            default:
                return "png";
        }
    }
}
