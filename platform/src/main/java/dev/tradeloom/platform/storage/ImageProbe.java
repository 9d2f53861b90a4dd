package dev.tradeloom.platform.storage;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * Finds out what an uploaded object is: its image type by its first bytes and its size by its header. It reads
 * the first 32 KiB, enough for the header of most images, and the whole object only when large metadata (a
 * big EXIF thumbnail or colour profile) pushes a JPEG's frame header further. Every read requires the version
 * of the object that was checked, so that a PUT in between cannot slip another file through.
 */
public final class ImageProbe {
    static final int FIRST_READ_BYTES = 32 * 1024;

    private ImageProbe() {}

    /**
     * What probing found: the type, empty when the object is not a JPEG, PNG or WebP image; and the size, empty
     * when the header of that type cannot be read (the file is damaged or truncated).
     */
    public record Found(Optional<ImageType> type, Optional<ImageSize> size) {}

    /**
     * Probes the version {@code info} names of the object under {@code key}; empty when the object is gone or
     * no longer that version.
     */
    public static Optional<Found> probe(ObjectStore store, String key, ObjectInfo info) {
        requireNonNull(store, "store");
        requireNonNull(key, "key");
        requireNonNull(info, "info");
        if (info.size() == 0) {
            return Optional.of(new Found(Optional.empty(), Optional.empty()));
        }
        final Optional<byte[]> read = store.readHead(key, (int) Math.min(info.size(), FIRST_READ_BYTES),
                                                     info.etag());
        if (read.isEmpty()) {
            return Optional.empty();
        }
        final byte[] head = read.get();
        final Optional<ImageType> type = ImageType.sniff(head);
        if (type.isEmpty()) {
            return Optional.of(new Found(type, Optional.empty()));
        }
        final Optional<ImageSize> size = ImageSize.read(type.get(), head);
        if (size.isPresent() || head.length >= info.size()) {
            return Optional.of(new Found(type, size));
        }
        return store.readHead(key, (int) info.size(), info.etag())
                    .map(whole -> new Found(type, ImageSize.read(type.get(), whole)));
    }
}
