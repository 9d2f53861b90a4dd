package dev.tradeloom.catalog.domain;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.tradeloom.catalog.store.ImageDao;
import dev.tradeloom.catalog.store.ImageRow;
import dev.tradeloom.catalog.store.ImageUploadDao;
import dev.tradeloom.platform.db.Transactor;
import dev.tradeloom.platform.error.EtagMismatchException;
import dev.tradeloom.platform.error.FailedPreconditionException;
import dev.tradeloom.platform.error.InvalidArgumentException;
import dev.tradeloom.platform.id.Uuid7;
import dev.tradeloom.platform.storage.ImageProbe;
import dev.tradeloom.platform.storage.ImageSize;
import dev.tradeloom.platform.storage.ImageType;
import dev.tradeloom.platform.storage.ObjectInfo;
import dev.tradeloom.platform.storage.ObjectStore;

/**
 * A tenant's images in the object store: presigned uploads checked on completion, direct uploads, and
 * the URLs readers fetch them from. A file is recorded only once it is known to be a JPEG, PNG or WebP
 * image within the size limit whose header gives its width and height, recorded with it; a file that fails
 * a check is deleted. An image is always recorded under a key that no presigned URL covers: a presigned PUT
 * may write until it expires, so the checked version of an upload is copied to a fresh key. A presigned
 * upload is remembered until its URL has long expired, so that whatever the URL wrote last can then be
 * deleted ({@link AbandonedUploads}).
 */
public final class Images {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The keys {@link #newKey} gives: the tenant's id is group 1, the extension group 2. */
    private static final Pattern KEY = Pattern.compile(
            "([0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12})/images/[A-Za-z0-9_-]{22}\\.(jpg|png|webp)");

    /** Where the public host ({@code PUBLIC_BASE_URL}) serves image links by key, without a media base URL. */
    public static final String LINK_PATH = "/media/";

    private final Transactor tx;
    private final ObjectStore store;
    private final String linkBase;

    /** {@code publicBaseUrl}: the public host, without a trailing slash, under which image links are served. */
    public Images(Transactor tx, ObjectStore store, String publicBaseUrl) {
        this.tx = requireNonNull(tx, "tx");
        this.store = requireNonNull(store, "store");
        linkBase = requireNonNull(publicBaseUrl, "publicBaseUrl") + LINK_PATH;
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

    /**
     * Checks the file uploaded under {@code key}, copies the version checked to a fresh key and records the
     * image under that key, then deletes the upload's file. A key completed or recorded before returns its
     * image. When the file changes while it is checked, nothing is recorded.
     */
    public ImageRow complete(UUID tenantId, String key) {
        final ImageType declared = declaredType(tenantId, key);
        final Optional<ImageRow> recorded = tx.inTenant(tenantId, h -> {
            final ImageDao images = h.attach(ImageDao.class);
            return images.findByUploadKey(tenantId, key).or(() -> images.findByKey(tenantId, key));
        });
        if (recorded.isPresent()) {
            return recorded.get();
        }
        final ObjectInfo info = store.head(key).orElseThrow(() -> notUploaded(key));
        checkSize(key, info.size(), "key");
        // The probe and the copy require the version whose size was checked: a PUT in between fails them.
        final ImageProbe.Found found = ImageProbe.probe(store, key, info).orElseThrow(() -> changed(key));
        final ImageType sniffed = found.type().orElseThrow(
                () -> rejected(key, InvalidArgumentException.of("key", notAnImage())));
        if (sniffed != declared) {
            throw rejected(key, InvalidArgumentException.of(
                    "key", "the file is " + sniffed.contentType() + " (expected: " + declared.contentType()
                           + ", as declared for the upload)"));
        }
        final ImageSize size = found.size().orElseThrow(() -> rejected(key, unreadable(sniffed, "key")));
        final String imageKey = newKey(tenantId, sniffed);
        if (!store.copy(key, imageKey, info.etag(), sniffed.contentType())) {
            throw changed(key);
        }
        final ImageRow image = recordCopy(tenantId, imageKey, key, sniffed, info.size(), size);
        if (!image.key().equals(imageKey)) {
            // A completion of the same upload running alongside recorded its copy first.
            store.delete(imageKey);
        }
        store.delete(key);
        return image;
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
        final ImageSize size = ImageSize.read(type, data).orElseThrow(() -> unreadable(type, "data"));
        final String key = newKey(tenantId, type);
        store.put(key, data, type.contentType());
        return record(tenantId, key, type, data.length, size);
    }

    /**
     * Where readers fetch the image stored under {@code key}: the media base URL followed by the key when one
     * is configured, else a link on the public host that answers with a redirect to a presigned GET
     * ({@link #download}). Either is the same on every read and never expires, so browsers keep the image
     * between pages, and a feed fetched today still names images Meta downloads tomorrow; signing every
     * image of a large feed made it several times slower to stream.
     */
    public String url(String key) {
        return store.config().publicBaseUrl().isEmpty() ? linkBase + key : store.readUrl(key);
    }

    /**
     * A presigned GET of the image recorded under {@code key}, valid for {@link #downloadTtl}; empty when
     * {@code key} is not of the form {@link #newKey} gives or no image is recorded under it for its tenant (a
     * pending upload's key among them: what it holds was never checked).
     */
    public Optional<URI> download(String key) {
        final Matcher issued = KEY.matcher(key);
        if (!issued.matches()) {
            return Optional.empty();
        }
        final UUID tenantId = UUID.fromString(issued.group(1));
        final boolean recorded = tx.inTenant(tenantId, h -> h.attach(ImageDao.class).findByKey(tenantId, key))
                                   .isPresent();
        return recorded ? Optional.of(store.presignGet(key)) : Optional.empty();
    }

    public Duration downloadTtl() {
        return store.config().downloadTtl();
    }

    public long maxBytes() {
        return store.config().maxImageBytes();
    }

    private ImageRow record(UUID tenantId, String key, ImageType type, long bytes, ImageSize size) {
        return tx.inTenant(tenantId, h -> {
            final ImageDao images = h.attach(ImageDao.class);
            images.insert(tenantId, Uuid7.next(), key, null, type.contentType(), bytes, size);
            return images.findByKey(tenantId, key).orElseThrow();
        });
    }

    /**
     * Records the image copied to {@code key} from the upload under {@code uploadKey}, or returns the one
     * recorded first for that upload.
     */
    private ImageRow recordCopy(UUID tenantId, String key, String uploadKey, ImageType type, long bytes,
                                ImageSize size) {
        return tx.inTenant(tenantId, h -> {
            final ImageDao images = h.attach(ImageDao.class);
            images.insert(tenantId, Uuid7.next(), key, uploadKey, type.contentType(), bytes, size);
            return images.findByUploadKey(tenantId, uploadKey).orElseThrow();
        });
    }

    /** Refuses an upload that is too large or empty. */
    private void checkSize(String key, long size, String field) {
        if (size > maxBytes()) {
            throw rejected(key, InvalidArgumentException.of(field, tooLarge(size)));
        }
        if (size == 0) {
            throw rejected(key, InvalidArgumentException.of(
                    field, "the file is empty (expected: a JPEG, PNG or WebP image)"));
        }
    }

    /**
     * Deletes an uploaded file that failed a check (its upload stays remembered, so that anything its URL
     * writes later is swept); returns the error that says why.
     */
    private InvalidArgumentException rejected(String key, InvalidArgumentException why) {
        store.delete(key);
        return why;
    }

    private static FailedPreconditionException notUploaded(String key) {
        return new FailedPreconditionException("IMAGE_NOT_UPLOADED", "No file was uploaded under key '" + key
                                                                     + "'; PUT it to the upload URL first.");
    }

    private static EtagMismatchException changed(String key) {
        return new EtagMismatchException("IMAGE_UPLOAD_CHANGED",
                                         "The file under key '" + key + "' was replaced or removed while it "
                                         + "was being checked; upload it again and complete the upload again.");
    }

    private String tooLarge(long size) {
        return "the file has " + size + " bytes (expected: at most " + maxBytes() + ')';
    }

    private static InvalidArgumentException unreadable(ImageType type, String field) {
        return InvalidArgumentException.of(field, "the file starts as " + type.contentType() + " but its header, "
                                                  + "which gives the image's width and height, cannot be read "
                                                  + "(expected: a whole, undamaged image)");
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
        final Matcher issued = KEY.matcher(key);
        if (issued.matches() && issued.group(1).equals(tenantId.toString())) {
            for (ImageType type : ImageType.values()) {
                if (extension(type).equals(issued.group(2))) {
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
