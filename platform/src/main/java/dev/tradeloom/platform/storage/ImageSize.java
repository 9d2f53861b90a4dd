package dev.tradeloom.platform.storage;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Optional;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * The width and height of an image in pixels, read from its header by the image reader of its type, without
 * decoding its pixels: JPEG and PNG by the JDK's readers, WebP by TwelveMonkeys' plugin to them.
 */
public record ImageSize(int width, int height) {
    public ImageSize {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("An image has a positive width and height, not " + width + '×'
                                               + height);
        }
    }

    /**
     * The size of the {@code type} image that {@code data} holds or starts with; empty when its header cannot
     * be read: the file is damaged, is not of that type, or {@code data} ends before the header does.
     */
    public static Optional<ImageSize> read(ImageType type, byte[] data) {
        requireNonNull(type, "type");
        requireNonNull(data, "data");
        final Iterator<ImageReader> readers = ImageIO.getImageReadersByMIMEType(type.contentType());
        while (readers.hasNext()) {
            final ImageReader reader = readers.next();
            try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(data))) {
                reader.setInput(in, true, true);
                final int width = reader.getWidth(0);
                final int height = reader.getHeight(0);
                if (width > 0 && height > 0) {
                    return Optional.of(new ImageSize(width, height));
                }
            } catch (IOException | RuntimeException e) {
                // Unreadable by this reader: another of the type may read it.
            } finally {
                reader.dispose();
            }
        }
        return Optional.empty();
    }

    /** At least {@code minWidth} wide and {@code minHeight} high. */
    public boolean atLeast(int minWidth, int minHeight) {
        return width >= minWidth && height >= minHeight;
    }

    @Override
    public String toString() {
        return width + "×" + height;
    }
}
