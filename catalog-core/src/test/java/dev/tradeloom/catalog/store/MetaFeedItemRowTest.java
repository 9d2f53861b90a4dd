package dev.tradeloom.catalog.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class MetaFeedItemRowTest {
    @Test
    void metaGetsJpegAndPngImages_inOrder_withoutWebp() {
        final MetaFeedItemRow row = withImages(
                List.of("t/images/front.webp", "t/images/back.JPG", "", "t/images/side.png"),
                List.of("", "", "https://cdn.example/detail.webp?v=2", ""));
        assertThat(row.imagesForMeta(key -> "https://media.example/" + key))
                .containsExactly("https://media.example/t/images/back.JPG", "https://media.example/t/images/side.png");
    }

    @Test
    void anItemWithOnlyWebpImages_keepsThem() {
        final MetaFeedItemRow row = withImages(List.of("t/images/a.webp", ""),
                                               List.of("", "https://cdn.example/b.WEBP"));
        assertThat(row.imagesForMeta(key -> "https://media.example/" + key))
                .containsExactly("https://media.example/t/images/a.webp", "https://cdn.example/b.WEBP");
    }

    /** A row whose i-th image is {@code keys[i]} when not empty, else {@code urls[i]}. */
    private static MetaFeedItemRow withImages(List<String> keys, List<String> urls) {
        return new MetaFeedItemRow(UUID.randomUUID(), "SKU-1", "sku-1", "Saree", "", List.of(), List.of(), 100,
                                   "INR", null, 1, urls, keys, null, List.of(), List.of(), null, null);
    }
}
