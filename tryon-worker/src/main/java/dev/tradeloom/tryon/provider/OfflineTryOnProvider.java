package dev.tradeloom.tryon.provider;

import java.awt.AlphaComposite;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

import javax.imageio.ImageIO;

import org.jspecify.annotations.Nullable;

/**
 * The offline provider, used when no Gemini key is configured (local runs, tests): no AI, no network.
 * It draws the person photo on a 768×1024 (3:4) canvas and lays the garment photo, half transparent,
 * over the middle of it, and returns a PNG. The same two photos always give the same bytes, so the
 * whole flow (queue, storage, watch, retention) can run and be checked end to end.
 */
public final class OfflineTryOnProvider implements TryOnProvider {
    private static final int WIDTH = 768;
    private static final int HEIGHT = 1024;

    static {
        // A server has no display; java.awt must not look for one.
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    @Override
    public String name() {
        return "offline";
    }

    @Override
    public TryOnInput.Image generate(TryOnInput input) throws TryOnFailure {
        final BufferedImage person = read(input.person(), "person photo");
        final BufferedImage garment = read(input.garment(), "garment photo");
        final BufferedImage canvas = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        final Graphics2D g = canvas.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            drawFitted(g, person, 0, 0, WIDTH, HEIGHT);
            // The garment covers the torso: the middle half of the width, from a fifth of the height down.
            g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, 0.8f));
            drawFitted(g, garment, WIDTH / 4, HEIGHT / 5, WIDTH / 2, HEIGHT * 3 / 5);
        } finally {
            g.dispose();
        }
        final ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            ImageIO.write(canvas, "png", png);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot encode a PNG in memory", e);
        }
        return new TryOnInput.Image(png.toByteArray(), "image/png");
    }

    /** Draws {@code image} scaled to fit inside the box, centred, keeping its proportions. */
    private static void drawFitted(Graphics2D g, BufferedImage image, int x, int y, int width, int height) {
        final double scale = Math.min((double) width / image.getWidth(), (double) height / image.getHeight());
        final int w = Math.max(1, (int) Math.round(image.getWidth() * scale));
        final int h = Math.max(1, (int) Math.round(image.getHeight() * scale));
        g.drawImage(image, x + (width - w) / 2, y + (height - h) / 2, w, h, null);
    }

    private static BufferedImage read(TryOnInput.Image image, String what) throws TryOnFailure {
        @Nullable BufferedImage decoded = null;
        try {
            decoded = ImageIO.read(new ByteArrayInputStream(image.bytes()));
        } catch (IOException e) {
            // Falls through to the failure below.
        }
        if (decoded == null) {
            throw new TryOnFailure(TryOnFailure.Kind.REJECTED,
                                   "The " + what + " could not be read by the offline try-on (it reads JPEG and "
                                   + "PNG); upload it as a JPEG or PNG.");
        }
        return decoded;
    }
}
