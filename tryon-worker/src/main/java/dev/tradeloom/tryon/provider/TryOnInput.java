package dev.tradeloom.tryon.provider;

import static java.util.Objects.requireNonNull;

/** The two photos of a try-on: the person, and the garment to dress them in. */
public record TryOnInput(Image person, Image garment) {
    public TryOnInput {
        requireNonNull(person, "person");
        requireNonNull(garment, "garment");
    }

    /** An image's bytes and MIME type ({@code image/jpeg}, {@code image/png}, {@code image/webp}). */
    public record Image(byte[] bytes, String contentType) {
        public Image {
            requireNonNull(bytes, "bytes");
            requireNonNull(contentType, "contentType");
        }
    }
}
