package dev.tradeloom.catalog.store;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import dev.tradeloom.platform.storage.ImageSize;

/**
 * A row of {@code images}: an uploaded image stored in S3 under {@code key}; its width and height are null when
 * it was recorded before sizes were read.
 */
public record ImageRow(UUID tenantId, UUID id, String key, String contentType, long sizeBytes,
                       @Nullable Integer width, @Nullable Integer height, Instant createdAt, Instant updatedAt) {

    /** The image's size in pixels, when known. */
    public Optional<ImageSize> size() {
        return width == null || height == null ? Optional.empty() : Optional.of(new ImageSize(width, height));
    }
}
