package dev.tradeloom.platform.storage;

import java.util.Arrays;
import java.util.Base64;

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

    /** The first bytes of a WebP file. */
    public static byte[] webpHead() {
        return new byte[] {'R', 'I', 'F', 'F', 0x24, 0, 0, 0, 'W', 'E', 'B', 'P', 'V', 'P', '8', ' '};
    }

    /** A PNG padded with zeros to {@code size} bytes: sniffs as PNG, too big for small limits. */
    public static byte[] pngOfSize(int size) {
        return Arrays.copyOf(png(), size);
    }
}
