package dev.tradeloom.platform.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.tradeloom.platform.testing.TestS3;

class ImageProbeTest {
    private static ObjectStore store;

    @BeforeAll
    static void start() {
        store = ObjectStore.start(TestS3.newBucket());
    }

    @AfterAll
    static void stop() {
        store.close();
    }

    @Test
    void probe_findsTypeAndSize_readingTheWholeFileOnlyWhenTheHeaderLiesBeyondTheFirstRead() {
        assertThat(probe("a.webp", TestImages.webp()))
                .contains(new ImageProbe.Found(Optional.of(ImageType.WEBP), Optional.of(new ImageSize(640, 480))));
        final byte[] late = TestImages.jpegWithMetadata(800, 600, ImageProbe.FIRST_READ_BYTES + 8 * 1024);
        assertThat(probe("late.jpg", late))
                .contains(new ImageProbe.Found(Optional.of(ImageType.JPEG), Optional.of(new ImageSize(800, 600))));
    }

    @Test
    void probe_tellsANonImageFromADamagedOne() {
        assertThat(probe("note.png", "a note".getBytes(StandardCharsets.UTF_8)))
                .contains(new ImageProbe.Found(Optional.empty(), Optional.empty()));
        final byte[] damaged = Arrays.copyOf(TestImages.png(900, 900), 20);
        assertThat(probe("cut.png", damaged))
                .contains(new ImageProbe.Found(Optional.of(ImageType.PNG), Optional.empty()));
    }

    @Test
    void probe_ofAVersionReplacedSinceItWasChecked_findsNothing() {
        store.put("swap.png", TestImages.png(), "image/png");
        final ObjectInfo checked = store.head("swap.png").orElseThrow();
        store.put("swap.png", TestImages.jpeg(), "image/jpeg");
        assertThat(ImageProbe.probe(store, "swap.png", checked)).isEmpty();
    }

    private static Optional<ImageProbe.Found> probe(String key, byte[] data) {
        store.put(key, data, "application/octet-stream");
        return ImageProbe.probe(store, key, store.head(key).orElseThrow());
    }
}
