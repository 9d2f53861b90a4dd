package dev.tradeloom.launcher;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import javax.imageio.ImageIO;

/**
 * A product picture for the demo catalog: a fabric swatch in the product's colour with its line's
 * pattern, drawn without fonts so it renders the same on a headless machine. A few kilobytes of PNG.
 */
final class DemoSwatch {
    /** Meta's catalog takes images of at least 500×500. */
    static final int WIDTH = 600;
    static final int HEIGHT = 800;

    private static final Color GOLD = new Color(0xD4AF37);

    private DemoSwatch() {}

    static byte[] png(DemoAssortment.Pattern pattern, int rgb, int seed) {
        final BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        final Graphics2D g = image.createGraphics();
        try {
            final Color base = new Color(rgb);
            g.setColor(base);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            g.setColor(contrast(base));
            switch (pattern) {
                case ZARI_BORDER -> zariBorder(g, seed);
                case BLOCK_PRINT -> blockPrint(g, seed);
                case STRIPES -> stripes(g, seed);
                case KNIT -> knit(g);
                case WEAVE -> weave(g, seed);
            }
        } finally {
            g.dispose();
        }
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Light motifs on dark cloth and dark motifs on light cloth. */
    private static Color contrast(Color base) {
        final int luma = (base.getRed() * 299 + base.getGreen() * 587 + base.getBlue() * 114) / 1000;
        return luma > 150 ? base.darker().darker() : new Color(0xF3E9D2);
    }

    private static void zariBorder(Graphics2D g, int seed) {
        g.setColor(GOLD);
        g.fillRect(0, HEIGHT - 90, WIDTH, 70);
        final int step = 30 + seed % 3 * 10;
        for (int x = step / 2; x < WIDTH; x += step) {
            for (int y = 30; y < HEIGHT - 110; y += step * 2) {
                g.fillOval(x - 4, y + (x / step % 2) * step, 8, 8);
            }
        }
    }

    private static void blockPrint(Graphics2D g, int seed) {
        final int step = 40 + seed % 3 * 8;
        for (int y = step / 2; y < HEIGHT; y += step) {
            for (int x = (y / step % 2) * step / 2 + step / 2; x < WIDTH; x += step) {
                g.fillOval(x - 9, y - 9, 18, 18);
                g.fillRect(x - 2, y - 16, 4, 32);
            }
        }
    }

    private static void stripes(Graphics2D g, int seed) {
        final int gap = 24 + seed % 4 * 6;
        for (int x = -HEIGHT; x < WIDTH; x += gap) {
            g.fillPolygon(new int[] {x, x + 6, x + 6 + HEIGHT, x + HEIGHT},
                          new int[] {0, 0, HEIGHT, HEIGHT}, 4);
        }
    }

    private static void knit(Graphics2D g) {
        for (int y = 8; y < HEIGHT; y += 16) {
            for (int x = 0; x < WIDTH; x += 16) {
                g.drawLine(x, y, x + 8, y + 8);
                g.drawLine(x + 8, y + 8, x + 16, y);
            }
        }
    }

    private static void weave(Graphics2D g, int seed) {
        final int step = 6 + seed % 3 * 2;
        for (int i = 0; i < Math.max(WIDTH, HEIGHT); i += step) {
            g.drawLine(i, 0, i, HEIGHT);
            if (i % (step * 2) == 0) {
                g.drawLine(0, i, WIDTH, i);
            }
        }
    }
}
