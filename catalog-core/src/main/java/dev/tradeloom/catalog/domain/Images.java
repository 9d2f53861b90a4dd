package dev.tradeloom.catalog.domain;

import static java.util.Objects.requireNonNull;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import dev.tradeloom.catalog.store.ImageDao;
import dev.tradeloom.catalog.store.ImageRow;
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
 * image within the size limit; a file that fails a check is deleted.
 */
public final class Images {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Transactor tx;
    private final ObjectStore store;

    public Images(Transactor tx, ObjectStore store) {
        this.tx = requireNonNull(tx, "tx");
        this.store = requireNonNull(store, "store");
    }

    /** A presigned PUT for a new image of {@code contentType} under a fresh key of the tenant. */
    public ImageUpload createUpload(UUID tenantId, String contentType) {
        final ImageType type = typeOf(contentType);
        final String key = newKey(tenantId, type);
        return new ImageUpload(key, store.presignPut(key, type.contentType()), type.contentType(),
                               Instant.now().plus(store.config().uploadTtl()), maxBytes());
    }

    /** Checks the file uploaded under {@code key} and records it; a key recorded before returns its image. */
    public ImageRow complete(UUID tenantId, String key) {
        final ImageType declared = declaredType(tenantId, key);
        final Optional<ImageRow> recorded = find(tenantId, key);
        if (recorded.isPresent()) {
            return recorded.get();
        }
        final ObjectInfo info = store.head(key).orElseThrow(() -> new FailedPreconditionException(
                "IMAGE_NOT_UPLOADED", "No file was uploaded under key '" + key
                                      + "'; PUT it to the upload URL first."));
        checkSize(key, info.size(), "key");
        final byte[] head = store.readHead(key, ImageType.SNIFF_BYTES).orElse(new byte[0]);
        final ImageType sniffed = sniff(key, head, "key");
        if (sniffed != declared) {
            store.delete(key);
            throw InvalidArgumentException.of("key", "the file is " + sniffed.contentType() + " (expected: "
                                                     + declared.contentType() + ", as declared for the upload)");
        }
        return record(tenantId, key, sniffed, info.size());
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

    public long maxBytes() {
        return store.config().maxImageBytes();
    }

    private ImageRow record(UUID tenantId, String key, ImageType type, long size) {
        return tx.inTenant(tenantId, h -> {
            final ImageDao images = h.attach(ImageDao.class);
            images.insert(tenantId, Uuid7.next(), key, type.contentType(), size);
            return images.findByKey(tenantId, key).orElseThrow();
        });
    }

    private Optional<ImageRow> find(UUID tenantId, String key) {
        return tx.inTenant(tenantId, h -> h.attach(ImageDao.class).findByKey(tenantId, key));
    }

    private void checkSize(String key, long size, String field) {
        if (size > maxBytes()) {
            store.delete(key);
            throw InvalidArgumentException.of(field, tooLarge(size));
        }
        if (size == 0) {
            store.delete(key);
            throw InvalidArgumentException.of(field, "the file is empty (expected: a JPEG, PNG or WebP image)");
        }
    }

    private ImageType sniff(String key, byte[] head, String field) {
        final Optional<ImageType> type = ImageType.sniff(head);
        if (type.isEmpty()) {
            store.delete(key);
            throw InvalidArgumentException.of(field, notAnImage());
        }
        return type.get();
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
