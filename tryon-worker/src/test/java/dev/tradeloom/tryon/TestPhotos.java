package dev.tradeloom.tryon;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

import javax.imageio.ImageIO;

/** Small real photos for tests: PNGs of one colour with a darker band, so they differ visibly. */
public final class TestPhotos {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    private TestPhotos() {}

    /** A person photo stand-in: 60×80, skin-coloured. */
    public static byte[] person() {
        return png(60, 80, new Color(0xE0, 0xAC, 0x69));
    }

    /** A garment photo stand-in: 40×50, saree red. */
    public static byte[] garment() {
        return png(40, 50, new Color(0xB0, 0x10, 0x30));
    }

    public static byte[] png(int width, int height, Color color) {
        final BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        final Graphics2D g = image.createGraphics();
        g.setColor(color);
        g.fillRect(0, 0, width, height);
        g.setColor(color.darker());
        g.fillRect(0, height / 3, width, height / 6);
        g.dispose();
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }
}
