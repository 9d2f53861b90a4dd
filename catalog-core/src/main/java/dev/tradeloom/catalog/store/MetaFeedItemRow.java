package dev.tradeloom.catalog.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * One item of a tenant's Meta feed: an active product joined with one of its variants, or with
 * none (the {@code variant*} fields are null and the lists empty) when it has no variants.
 */
public record MetaFeedItemRow(UUID productId, String sku, String slug, String name, String description,
                              List<String> attributeKeys, List<String> attributeValues, long priceMinor,
                              String currency, @Nullable Long salePriceMinor, long stock, List<String> imageUrls,
                              List<String> imageKeys, List<Integer> metaSmallImages, @Nullable String variantSku, List<String> variantAttributeKeys,
                              List<String> variantAttributeValues, @Nullable Long variantPriceOverrideMinor,
                              @Nullable Long variantStock) {

    public MetaFeedItemRow {
        attributeKeys = List.copyOf(attributeKeys);
        attributeValues = List.copyOf(attributeValues);
        imageUrls = List.copyOf(imageUrls);
        imageKeys = List.copyOf(imageKeys);
        metaSmallImages = List.copyOf(metaSmallImages);
        variantAttributeKeys = List.copyOf(variantAttributeKeys);
        variantAttributeValues = List.copyOf(variantAttributeValues);
    }

    /** The product's image URLs in order: uploaded images (by key) through {@code urlOfKey}, others as given. */
    public List<String> images(Function<String, String> urlOfKey) {
        final List<String> urls = new ArrayList<>(imageUrls.size());
        for (int i = 0; i < imageUrls.size(); i++) {
            final String key = i < imageKeys.size() ? imageKeys.get(i) : "";
            urls.add(key.isEmpty() ? imageUrls.get(i) : urlOfKey.apply(key));
        }
        return urls;
    }

    /**
     * As {@link #images}, without those Meta does not take: WebP files (by the extension of their key or URL
     * path) and uploaded images known to be smaller than 500×500 pixels. All of them when Meta takes none, so
     * that the item still names its picture and Commerce Manager tells the supplier what to fix.
     */
    public List<String> imagesForMeta(Function<String, String> urlOfKey) {
        final List<String> all = images(urlOfKey);
        final List<String> taken = new ArrayList<>(all.size());
        for (int i = 0; i < all.size(); i++) {
            final String key = i < imageKeys.size() ? imageKeys.get(i) : "";
            final String named = key.isEmpty() ? imageUrls.get(i).split("[?#]", 2)[0] : key;
            if (!named.toLowerCase(Locale.ROOT).endsWith(".webp") && !metaSmallImages.contains(i)) {
                taken.add(all.get(i));
            }
        }
        return taken.isEmpty() ? all : taken;
    }

    public boolean isVariant() {
        return variantSku != null;
    }
}
