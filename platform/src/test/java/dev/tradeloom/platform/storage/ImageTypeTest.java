package dev.tradeloom.platform.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class ImageTypeTest {

    @Test
    void sniff_recognisesJpegPngAndWebp() {
        assertThat(ImageType.sniff(TestImages.jpeg())).contains(ImageType.JPEG);
        assertThat(ImageType.sniff(TestImages.png())).contains(ImageType.PNG);
        assertThat(ImageType.sniff(TestImages.webp())).contains(ImageType.WEBP);
    }

    @Test
    void sniff_rejectsTextGifShortAndEmptyInput() {
        assertThat(ImageType.sniff("hello, world".getBytes(StandardCharsets.US_ASCII))).isEmpty();
        assertThat(ImageType.sniff("GIF89a\u0001\u0000".getBytes(StandardCharsets.US_ASCII))).isEmpty();
        assertThat(ImageType.sniff(new byte[] {(byte) 0x89, 'P', 'N'})).isEmpty();
        assertThat(ImageType.sniff(new byte[] {'R', 'I', 'F', 'F', 0, 0, 0, 0, 'W', 'A', 'V', 'E'})).isEmpty();
        assertThat(ImageType.sniff(new byte[0])).isEmpty();
    }
}
