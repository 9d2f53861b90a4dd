package dev.tradeloom.tryon.domain;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import dev.tradeloom.platform.db.Scope;
import dev.tradeloom.platform.db.Transactor;
import dev.tradeloom.platform.error.EtagMismatchException;
import dev.tradeloom.platform.error.InvalidArgumentException;
import dev.tradeloom.platform.storage.ImageProbe;
import dev.tradeloom.platform.storage.ImageType;
import dev.tradeloom.platform.storage.ObjectInfo;
import dev.tradeloom.platform.storage.ObjectStore;
import dev.tradeloom.platform.task.BoundedSweep;
import dev.tradeloom.tryon.store.PhotoUploadDao;

/**
 * Where a user's try-on files live, and the checks and copies a submit makes of them. Keys carry their owner,
 * so a submit can tell the caller's files from anyone else's:
 * <ul>
 *   <li>{@code tryon/<user id>/photos/<128 random bits>.<ext>}: uploads, written through a presigned PUT that
 *       stays valid until it expires; remembered so that the sweep deletes what they hold once the URL has
 *       long expired ({@link #sweepUploads});</li>
 *   <li>{@code tryon/<user id>/inputs/<128 random bits>.<ext>}: the version of an upload a submit checked,
 *       copied there (no URL covers these keys), which jobs read;</li>
 *   <li>{@code tryon/<user id>/results/<job id>-<attempt>.<ext>}: generated images.</li>
 * </ul>
 */
public final class Photos {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int SWEEP_BATCH = 100;
    private static final int SWEEP_BATCHES_PER_RUN = 10;

    private final Transactor tx;
    private final ObjectStore store;

    public Photos(Transactor tx, ObjectStore store) {
        this.tx = requireNonNull(tx, "tx");
        this.store = requireNonNull(store, "store");
    }

    public ObjectStore store() {
        return store;
    }

    /** A presigned upload handed out: PUT the file to {@code url} before {@code expiresAt}. */
    public record Upload(String key, URI url, ImageType type, Instant expiresAt) {}

    /**
     * A presigned PUT for a new photo of {@code userId} under a fresh key, remembered before the URL is
     * handed out so that the sweep finds it.
     */
    public Upload createUpload(UUID userId, ImageType type) {
        requireNonNull(userId, "userId");
        requireNonNull(type, "type");
        final String key = newUploadKey(userId, type);
        final Instant expires = Instant.now().plus(store.config().uploadTtl());
        tx.inTransaction(Scope.user(userId), h -> {
            h.attach(PhotoUploadDao.class).insert(userId, key, expires);
            return null;
        });
        return new Upload(key, store.presignPut(key, type.contentType()), type, expires);
    }

    /** A fresh, unguessable key for one of {@code userId}'s uploads of {@code type}. */
    public static String newUploadKey(UUID userId, ImageType type) {
        return prefix(userId) + "photos/" + randomName() + '.' + extension(type.contentType());
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
     * The key a job may read the photo {@code key} (from request field {@code field}) of {@code userId}
     * under. An upload is checked (an image within the size limit whose header can be read) and the version
     * checked is copied to a fresh key that no URL covers, which is returned; the upload itself is left for
     * the caller to delete once the copy is in use. A photo accepted before (a key a job returned) is returned as it is.
     * INVALID_ARGUMENT naming the field when a check fails; ABORTED ({@code PHOTO_UPLOAD_CHANGED}) when the
     * upload was replaced or removed during the checks, copying nothing.
     */
    public String accept(String field, UUID userId, String key) {
        requireNonNull(field, "field");
        requireNonNull(userId, "userId");
        requireNonNull(key, "key");
        if (isAcceptedOf(userId, key)) {
            if (store.head(key).isEmpty()) {
                throw InvalidArgumentException.of(field, "the photo '" + key + "' was deleted with its jobs "
                                                         + "(expected: an upload, or a photo key one of your "
                                                         + "jobs returned)");
            }
            return key;
        }
        if (!isUploadOf(userId, key)) {
            throw InvalidArgumentException.of(field, "'" + key + "' is not one of your photos (expected: a "
                                                     + "key from CreateTryOnPhotoUpload, or a photo key one of "
                                                     + "your jobs returned)");
        }
        final ObjectInfo info = store.head(key).orElseThrow(() -> InvalidArgumentException.of(
                field, "nothing was uploaded to '" + key + "' (expected: the photo PUT to the upload URL "
                       + "first; an upload is used up by the job it is submitted with: to use the photo again, "
                       + "pass the photo key the job returned)"));
        final int max = store.config().maxImageBytes();
        if (info.size() > max) {
            throw InvalidArgumentException.of(field, "the photo has " + info.size() + " bytes (expected: "
                                                     + "at most " + max + ')');
        }
        // The probe and the copy require the version whose size was checked: a PUT in between fails them.
        final ImageProbe.Found found = ImageProbe.probe(store, key, info).orElseThrow(() -> changed(field, key));
        final ImageType type = found.type().orElseThrow(() -> InvalidArgumentException.of(
                field, "the uploaded file is not an image (expected: " + ImageType.accepted() + ')'));
        if (found.size().isEmpty()) {
            throw InvalidArgumentException.of(field, "the uploaded file starts as " + type.contentType() + " but "
                                                     + "its header cannot be read (expected: a whole, undamaged "
                                                     + "image)");
        }
        final String accepted = newAcceptedKey(userId, type);
        // Remembered as an upload whose time is up, until the job that uses it forgets it when it is queued:
        // should the submit go no further (the process dies, say), the upload sweep deletes the copy.
        tx.inTransaction(Scope.user(userId), h -> {
            h.attach(PhotoUploadDao.class).insert(userId, accepted, Instant.now());
            return null;
        });
        if (!store.copy(key, accepted, info.etag(), type.contentType())) {
            throw changed(field, key);
        }
        return accepted;
    }

    /**
     * Deletes the objects and rows of presigned uploads, of every user, whose URL expired before
     * {@code before}: files never submitted, and whatever a URL wrote after its upload was submitted; returns
     * how many uploads. Jobs never read these keys (except jobs submitted before submits copied photos, whose
     * uploads were never remembered). Bounded per call (the rest waits for the next one). Safe to run on
     * several replicas at once: each row is taken by one of them, and deleting a missing object is no error.
     */
    public int sweepUploads(Instant before) {
        requireNonNull(before, "before");
        return BoundedSweep.run(SWEEP_BATCH, SWEEP_BATCHES_PER_RUN,
                                limit -> tx.inTransaction(Scope.system(),
                                                          h -> h.attach(PhotoUploadDao.class).expired(before, limit)),
                                upload -> deleteExpired(upload, before));
    }

    /** How long after its URL's expiry an upload is left alone, so that a PUT in flight is not raced. */
    public Duration sweepGrace() {
        return store.config().uploadTtl();
    }

    private boolean deleteExpired(PhotoUploadDao.UploadRef upload, Instant before) {
        return tx.inTransaction(Scope.user(upload.userId()), h -> {
            if (!h.attach(PhotoUploadDao.class).deleteExpired(upload.userId(), upload.key(), before)) {
                return false;
            }
            store.delete(upload.key());
            return true;
        });
    }

    private static EtagMismatchException changed(String field, String key) {
        return new EtagMismatchException("PHOTO_UPLOAD_CHANGED",
                                         field + ": the photo under '" + key + "' was replaced or removed "
                                         + "while it was being checked; upload it again and submit again");
    }

    /** True when {@code key} names one of {@code userId}'s uploads (a product's image, say, does not). */
    public static boolean isUploadOf(UUID userId, String key) {
        return key.startsWith(prefix(userId) + "photos/") && !key.contains("..");
    }

    /** True when {@code key} names a copy of one of {@code userId}'s uploads that a submit checked. */
    public static boolean isAcceptedOf(UUID userId, String key) {
        return key.startsWith(prefix(userId) + "inputs/") && !key.contains("..");
    }

    /**
     * True when {@code key} names one of {@code userId}'s photos a job may use: a checked copy, or (for jobs
     * submitted before submits copied photos) an upload.
     */
    public static boolean isPhotoOf(UUID userId, String key) {
        return isAcceptedOf(userId, key) || isUploadOf(userId, key);
    }

    private static String newAcceptedKey(UUID userId, ImageType type) {
        return prefix(userId) + "inputs/" + randomName() + '.' + extension(type.contentType());
    }

    private static String randomName() {
        final byte[] bits = new byte[16];
        RANDOM.nextBytes(bits);
        return HexFormat.of().formatHex(bits);
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
