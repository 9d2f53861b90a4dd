package dev.tradeloom.platform.storage;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Base64;

import javax.imageio.ImageIO;

/** Small real image files for tests. */
public final class TestImages {
    private TestImages() {}

    /** A valid 1×1 PNG. */
    public static byte[] png() {
        return Base64.getDecoder().decode(
                "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");
    }

    /** A valid 1×1 JPEG. */
    public static byte[] jpeg() {
        return Base64.getDecoder().decode(
                "/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////"
                + "////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQAB"
                + "PxA=");
    }

    /**
     * A valid 640×480 lossless WebP of one colour: VP8L with a single-symbol code per channel, so its pixels
     * take no bits; zeros pad the chunk for readers that fetch eight bytes at a time.
     */
    public static byte[] webp() {
        return Base64.getDecoder().decode("UklGRiQAAABXRUJQVlA4TBgAAAAvf8J3EOhrqXvT/wAAAAAAAAAAAAAAAAA=");
    }

    /** A valid JPEG of {@code width}×{@code height} pixels. */
    public static byte[] jpeg(int width, int height) {
        return drawn("jpeg", width, height);
    }

    /**
     * A valid JPEG of {@code width}×{@code height} pixels whose header, with its size, comes after about
     * {@code metadataBytes} of comment segments, as it may after large EXIF or colour-profile metadata.
     */
    public static byte[] jpegWithMetadata(int width, int height, int metadataBytes) {
        final byte[] jpeg = jpeg(width, height);
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2); // SOI
        for (int left = metadataBytes; left > 0; left -= 65_533) {
            final int payload = Math.min(left, 65_533);
            out.write(0xff);
            out.write(0xfe); // COM
            out.write((payload + 2) >> 8);
            out.write((payload + 2) & 0xff);
            out.writeBytes(new byte[payload]);
        }
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    /** A valid PNG of {@code width}×{@code height} pixels. */
    public static byte[] png(int width, int height) {
        return drawn("png", width, height);
    }

    /** A PNG padded with zeros to {@code size} bytes: sniffs as PNG, too big for small limits. */
    public static byte[] pngOfSize(int size) {
        return Arrays.copyOf(png(), size);
    }

    private static byte[] drawn(String format, int width, int height) {
        final BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        final Graphics2D g = image.createGraphics();
        g.setColor(new Color(0xD4AF37));
        g.fillRect(0, 0, width, height);
        g.dispose();
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, format, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
