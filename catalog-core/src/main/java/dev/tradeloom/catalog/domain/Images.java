package dev.tradeloom.catalog.domain;

import static java.util.Objects.requireNonNull;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import org.jdbi.v3.core.Handle;

import dev.tradeloom.catalog.store.ImageDao;
import dev.tradeloom.catalog.store.ImageRow;
import dev.tradeloom.catalog.store.ImageUploadDao;
import dev.tradeloom.platform.db.Transactor;
import dev.tradeloom.platform.error.FailedPreconditionException;
import dev.tradeloom.platform.error.InvalidArgumentException;
import dev.tradeloom.platform.id.Uuid7;
import dev.tradeloom.platform.storage.ImageType;
import dev.tradeloom.platform.storage.ObjectInfo;
import dev.tradeloom.platform.storage.ObjectStore;

/**
 * A tenant's images in the object store: presigned uploads checked on completion, direct uploads, and
 * the URLs readers fetch them from. A file is recorded only once it is known to be a JPEG, PNG or WebP
 * image within the size limit; a file that fails a check is deleted. A presigned upload is remembered
 * until it is completed, so that one never completed can be deleted once its URL has long expired
 * ({@link #sweepAbandoned}).
 */
public final class Images {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int SWEEP_BATCH = 100;
    private static final int SWEEP_BATCHES_PER_RUN = 10;

    private final Transactor tx;
    private final ObjectStore store;

    public Images(Transactor tx, ObjectStore store) {
        this.tx = requireNonNull(tx, "tx");
        this.store = requireNonNull(store, "store");
    }

    /**
     * A presigned PUT for a new image of {@code contentType} under a fresh key of the tenant, remembered
     * as pending before the URL is handed out.
     */
    public ImageUpload createUpload(UUID tenantId, String contentType) {
        final ImageType type = typeOf(contentType);
        final String key = newKey(tenantId, type);
        final Instant expires = Instant.now().plus(store.config().uploadTtl());
        tx.inTenant(tenantId, h -> {
            h.attach(ImageUploadDao.class).insert(tenantId, key, expires);
            return null;
        });
        return new ImageUpload(key, store.presignPut(key, type.contentType()), type.contentType(), expires,
                               maxBytes());
    }

    /** Checks the file uploaded under {@code key} and records it; a key recorded before returns its image. */
    public ImageRow complete(UUID tenantId, String key) {
        final ImageType declared = declaredType(tenantId, key);
        final Optional<ImageRow> recorded = tx.inTenant(tenantId, h -> {
            final Optional<ImageRow> image = h.attach(ImageDao.class).findByKey(tenantId, key);
            if (image.isPresent()) {
                h.attach(ImageUploadDao.class).delete(tenantId, key);
            }
            return image;
        });
        if (recorded.isPresent()) {
            return recorded.get();
        }
        final ObjectInfo info = store.head(key).orElseThrow(() -> notUploaded(key));
        checkSize(tenantId, key, info.size(), "key");
        final byte[] head = store.readHead(key, ImageType.SNIFF_BYTES).orElse(new byte[0]);
        final ImageType sniffed = sniff(tenantId, key, head, "key");
        if (sniffed != declared) {
            discard(tenantId, key);
            throw InvalidArgumentException.of("key", "the file is " + sniffed.contentType() + " (expected: "
                                                     + declared.contentType() + ", as declared for the upload)");
        }
        return tx.inTenant(tenantId, h -> {
            // Waits for a sweep that holds the pending row; when there was none to remove (a sweep took
            // it, or the key was handed out before uploads were remembered), the file must still be there.
            if (!h.attach(ImageUploadDao.class).delete(tenantId, key) && store.head(key).isEmpty()) {
                throw notUploaded(key);
            }
            return insert(h, tenantId, key, sniffed, info.size());
        });
    }

    /**
     * Deletes the files and pending rows of presigned uploads, of every tenant, whose URL expired before
     * {@code before} and that were never completed; returns how many. Bounded per call (the rest waits
     * for the next one). Safe to run on several replicas at once: each pending row is taken by one of
     * them, and deleting a missing file is no error.
     */
    public int sweepAbandoned(Instant before) {
        requireNonNull(before, "before");
        int deleted = 0;
        for (int batch = 0; batch < SWEEP_BATCHES_PER_RUN; batch++) {
            final List<ImageUploadDao.UploadRef> expired = tx.inSystem(
                    h -> h.attach(ImageUploadDao.class).expired(before, SWEEP_BATCH));
            for (ImageUploadDao.UploadRef upload : expired) {
                if (deleteAbandoned(upload, before)) {
                    deleted++;
                }
            }
            if (expired.size() < SWEEP_BATCH) {
                break;
            }
        }
        return deleted;
    }

    /** How long after its URL's expiry an upload is left alone, so that a PUT in flight is not raced. */
    public Duration sweepGrace() {
        return store.config().uploadTtl();
    }

    /** Stores {@code data} as a new image of the tenant once its size and type are checked. */
    public ImageRow upload(UUID tenantId, byte[] data) {
        requireNonNull(data, "data");
        if (data.length > maxBytes()) {
            throw InvalidArgumentException.of("data", tooLarge(data.length));
        }
        if (data.length == 0) {
            throw InvalidArgumentException.of("data", "is empty (expected: a JPEG, PNG or WebP image)");
        }
        final ImageType type = ImageType.sniff(data).orElseThrow(
                () -> InvalidArgumentException.of("data", notAnImage()));
        final String key = newKey(tenantId, type);
        store.put(key, data, type.contentType());
        return record(tenantId, key, type, data.length);
    }

    /** Where readers fetch the image stored under {@code key}. */
    public String url(String key) {
        return store.readUrl(key);
    }

    /** How long a URL from {@link #url} stays valid: empty when images have public URLs, which do not expire. */
    public Optional<Duration> urlLifetime() {
        return store.config().publicBaseUrl().isEmpty() ? Optional.of(store.config().downloadTtl()) : Optional.empty();
    }

    public long maxBytes() {
        return store.config().maxImageBytes();
    }

    private ImageRow record(UUID tenantId, String key, ImageType type, long size) {
        return tx.inTenant(tenantId, h -> insert(h, tenantId, key, type, size));
    }

    private static ImageRow insert(Handle h, UUID tenantId, String key, ImageType type, long size) {
        final ImageDao images = h.attach(ImageDao.class);
        images.insert(tenantId, Uuid7.next(), key, type.contentType(), size);
        return images.findByKey(tenantId, key).orElseThrow();
    }

    /**
     * Deletes the file of an abandoned upload while holding its pending row, then forgets the row; nothing
     * when the upload was completed or another sweep took it meanwhile. A failed delete keeps the row.
     */
    private boolean deleteAbandoned(ImageUploadDao.UploadRef upload, Instant before) {
        return tx.inTenant(upload.tenantId(), h -> {
            if (!h.attach(ImageUploadDao.class).deleteExpired(upload.tenantId(), upload.key(), before)) {
                return false;
            }
            store.delete(upload.key());
            return true;
        });
    }

    /** Deletes a file that failed a check on completion, and forgets its upload. */
    private void discard(UUID tenantId, String key) {
        store.delete(key);
        tx.inTenant(tenantId, h -> h.attach(ImageUploadDao.class).delete(tenantId, key));
    }

    private void checkSize(UUID tenantId, String key, long size, String field) {
        if (size > maxBytes()) {
            discard(tenantId, key);
            throw InvalidArgumentException.of(field, tooLarge(size));
        }
        if (size == 0) {
            discard(tenantId, key);
            throw InvalidArgumentException.of(field, "the file is empty (expected: a JPEG, PNG or WebP image)");
        }
    }

    private ImageType sniff(UUID tenantId, String key, byte[] head, String field) {
        final Optional<ImageType> type = ImageType.sniff(head);
        if (type.isEmpty()) {
            discard(tenantId, key);
            throw InvalidArgumentException.of(field, notAnImage());
        }
        return type.get();
    }

    private static FailedPreconditionException notUploaded(String key) {
        return new FailedPreconditionException("IMAGE_NOT_UPLOADED", "No file was uploaded under key '" + key
                                                                     + "'; PUT it to the upload URL first.");
    }

    private String tooLarge(long size) {
        return "the file has " + size + " bytes (expected: at most " + maxBytes() + ')';
    }

    private static String notAnImage() {
        return "the file is not an image (expected: " + ImageType.accepted() + ')';
    }

    /** {@code <tenant>/images/<128 random bits>.<ext>}: scoped to the tenant and unguessable. */
    private static String newKey(UUID tenantId, ImageType type) {
        final byte[] random = new byte[16];
        RANDOM.nextBytes(random);
        return tenantId + "/images/" + Base64.getUrlEncoder().withoutPadding().encodeToString(random) + '.'
               + extension(type);
    }

    /** The type a key of this tenant was issued for, read from its extension. */
    private static ImageType declaredType(UUID tenantId, String key) {
        final String prefix = tenantId + "/images/";
        final int dot = key.lastIndexOf('.');
        if (key.startsWith(prefix) && dot > prefix.length() && key.indexOf('/', prefix.length()) < 0) {
            final String ext = key.substring(dot + 1);
            for (ImageType type : ImageType.values()) {
                if (extension(type).equals(ext)) {
                    return type;
                }
            }
        }
        throw InvalidArgumentException.of("key", "'" + key + "' (expected: a key CreateImageUpload returned "
                                                 + "for this tenant)");
    }

    private static ImageType typeOf(String contentType) {
        for (ImageType type : ImageType.values()) {
            if (type.contentType().equals(contentType.toLowerCase(Locale.ROOT))) {
                return type;
            }
        }
        throw InvalidArgumentException.of("content_type", "'" + contentType + "' (expected: one of "
                                                          + ImageType.accepted() + ')');
    }

    private static String extension(ImageType type) {
        return switch (type) {
            case JPEG -> "jpg";
            case PNG -> "png";
            case WEBP -> "webp";
        };
    }
}
