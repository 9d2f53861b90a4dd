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
                List.of("", "", "https://cdn.example/detail.webp?v=2", ""), List.of());
        assertThat(row.imagesForMeta(key -> "https://media.example/" + key))
                .containsExactly("https://media.example/t/images/back.JPG", "https://media.example/t/images/side.png");
    }

    @Test
    void anItemWithOnlyWebpImages_keepsThem() {
        final MetaFeedItemRow row = withImages(List.of("t/images/a.webp", ""),
                                               List.of("", "https://cdn.example/b.WEBP"), List.of());
        assertThat(row.imagesForMeta(key -> "https://media.example/" + key))
                .containsExactly("https://media.example/t/images/a.webp", "https://cdn.example/b.WEBP");
    }

    @Test
    void metaGetsNoImageKnownToBeUnder500By500_unlessEveryOneIs() {
        final List<String> keys = List.of("t/images/thumb.jpg", "t/images/large.jpg", "t/images/tiny.png");
        final List<String> urls = List.of("", "", "");
        assertThat(withImages(keys, urls, List.of(0, 2)).imagesForMeta(key -> "https://media.example/" + key))
                .containsExactly("https://media.example/t/images/large.jpg");
        assertThat(withImages(keys, urls, List.of(0, 1, 2)).imagesForMeta(key -> "https://media.example/" + key))
                .hasSize(3);
    }

    /**
     * A row whose i-th image is {@code keys[i]} when not empty, else {@code urls[i]}; {@code small} the positions
     * of those known to be under 500×500.
     */
    private static MetaFeedItemRow withImages(List<String> keys, List<String> urls, List<Integer> small) {
        return new MetaFeedItemRow(UUID.randomUUID(), "SKU-1", "sku-1", "Saree", "", List.of(), List.of(), 100,
                                   "INR", null, 1, urls, keys, small, null, List.of(), List.of(), null, null);
    }
}
