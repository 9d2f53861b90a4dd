package dev.tradeloom.platform.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

class ImageSizeTest {

    @Test
    void read_givesTheSizeOfJpegPngAndWebp() {
        assertThat(ImageSize.read(ImageType.JPEG, TestImages.jpeg(800, 600))).contains(new ImageSize(800, 600));
        assertThat(ImageSize.read(ImageType.PNG, TestImages.png(320, 1200))).contains(new ImageSize(320, 1200));
        assertThat(ImageSize.read(ImageType.WEBP, TestImages.webp())).contains(new ImageSize(640, 480));
        assertThat(ImageSize.read(ImageType.JPEG, TestImages.jpeg())).contains(new ImageSize(1, 1));
    }

    @Test
    void read_needsOnlyTheHeader() {
        final byte[] png = TestImages.png(700, 500);
        assertThat(ImageSize.read(ImageType.PNG, Arrays.copyOf(png, 33))).contains(new ImageSize(700, 500));
        final byte[] jpeg = TestImages.jpeg(700, 500);
        assertThat(ImageSize.read(ImageType.JPEG, Arrays.copyOf(jpeg, jpeg.length / 2)))
                .contains(new ImageSize(700, 500));
    }

    @Test
    void read_findsNothingInADamagedHeaderOrAnotherType() {
        final byte[] jpegMagicThenNoise = Arrays.copyOf(new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff}, 2048);
        Arrays.fill(jpegMagicThenNoise, 3, 2048, (byte) 0x41);
        assertThat(ImageSize.read(ImageType.JPEG, jpegMagicThenNoise)).isEmpty();
        assertThat(ImageSize.read(ImageType.PNG, TestImages.pngOfSize(4096))).contains(new ImageSize(1, 1));
        assertThat(ImageSize.read(ImageType.PNG, Arrays.copyOf(TestImages.png(), 12))).isEmpty();
        assertThat(ImageSize.read(ImageType.WEBP, Arrays.copyOf(TestImages.webp(), 16))).isEmpty();
        assertThat(ImageSize.read(ImageType.PNG, TestImages.jpeg(10, 10))).isEmpty();
    }

    @Test
    void theTestWebp_isARealImage() throws IOException {
        final BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(TestImages.webp()));
        assertThat(decoded.getWidth()).isEqualTo(640);
        assertThat(decoded.getRGB(639, 479) & 0xffffff).isEqualTo(0xD4AF37);
    }

    @Test
    void atLeast_comparesBothSides() {
        assertThat(new ImageSize(500, 500).atLeast(500, 500)).isTrue();
        assertThat(new ImageSize(1200, 499).atLeast(500, 500)).isFalse();
        assertThat(new ImageSize(499, 1200).atLeast(500, 500)).isFalse();
    }
}
