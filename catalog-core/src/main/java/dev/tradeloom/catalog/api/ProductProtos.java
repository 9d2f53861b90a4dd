package dev.tradeloom.catalog.api;

import static dev.tradeloom.catalog.api.CommonProtos.NO_ID;
import static dev.tradeloom.catalog.api.CommonProtos.attributes;
import static dev.tradeloom.catalog.api.CommonProtos.keys;
import static dev.tradeloom.catalog.api.CommonProtos.money;
import static dev.tradeloom.catalog.api.CommonProtos.timestamp;
import static dev.tradeloom.catalog.api.CommonProtos.values;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;

import dev.tradeloom.catalog.domain.Localized;
import dev.tradeloom.catalog.domain.Product;
import dev.tradeloom.catalog.store.ProductRow;
import dev.tradeloom.catalog.store.VariantRow;
import dev.tradeloom.catalog.v1.ProductImage;
import dev.tradeloom.catalog.v1.ProductStatus;
import dev.tradeloom.catalog.v1.ProductVariant;
import dev.tradeloom.platform.error.InvalidArgumentException;

/** Products ↔ the contract's Product message. */
final class ProductProtos {
    /** Fields a client may read but never write. */
    static final Set<String> READ_ONLY = Set.of("id", "tenant_id", "localized_name", "localized_description",
                                                "localized_language", "etag", "create_time", "update_time");

    private ProductProtos() {}

    /** The contract's product; {@code imageUrl} gives the URL of an uploaded image from its key. */
    static dev.tradeloom.catalog.v1.Product product(Product p, UnaryOperator<String> imageUrl) {
        final ProductRow row = p.row();
        final dev.tradeloom.catalog.v1.Product.Builder b = dev.tradeloom.catalog.v1.Product.newBuilder()
                .setId(row.id().toString())
                .setTenantId(row.tenantId().toString())
                .setSku(row.sku())
                .setSlug(row.slug())
                .setName(row.name())
                .setDescription(row.description())
                .setCategoryId(row.categoryId() == null ? "" : row.categoryId().toString())
                .addAllTagIds(p.tagIds().stream().map(UUID::toString).toList())
                .addAllAttributes(attributes(row.attributeKeys(), row.attributeValues()))
                .setPrice(money(row.priceMinor(), row.currency()))
                .setStock(row.stock())
                .setStatus(ProductStatus.valueOf("PRODUCT_STATUS_" + row.status().toUpperCase(Locale.ROOT)))
                .addAllImages(images(row, imageUrl))
                .addAllTranslations(CommonProtos.translations(p.translations()))
                .setLocalizedName(p.localized().name())
                .setLocalizedDescription(p.localized().description())
                .setLocalizedLanguage(p.localized().language())
                .setEtag(Long.toString(row.version()))
                .setCreateTime(timestamp(row.createdAt()))
                .setUpdateTime(timestamp(row.updatedAt()));
        if (row.salePriceMinor() != null) {
            b.setSalePrice(money(row.salePriceMinor(), row.currency()));
        }
        for (VariantRow v : p.variants()) {
            final ProductVariant.Builder variant = ProductVariant.newBuilder()
                    .setId(v.id().toString()).setSku(v.sku())
                    .addAllAttributes(attributes(v.attributeKeys(), v.attributeValues()))
                    .setStock(v.stock());
            if (v.priceOverrideMinor() != null) {
                variant.setPriceOverride(money(v.priceOverrideMinor(), row.currency()));
            }
            b.addVariants(variant);
        }
        return b.build();
    }

    static List<ProductImage> images(ProductRow row, UnaryOperator<String> imageUrl) {
        final List<ProductImage> images = new ArrayList<>();
        for (int i = 0; i < row.imageUrls().size(); i++) {
            final String key = row.imageKeys().get(i);
            images.add(ProductImage.newBuilder()
                                   .setUrl(key.isEmpty() ? row.imageUrls().get(i) : imageUrl.apply(key))
                                   .setAltText(row.imageAltTexts().get(i))
                                   .setKey(key).build());
        }
        return images;
    }

    /** The product a client's message describes; ids, versions and times are filled in by the store. */
    static Product draft(dev.tradeloom.catalog.v1.Product p) {
        final String currency = p.getPrice().getCurrency();
        if (p.hasSalePrice() && !p.getSalePrice().getCurrency().equals(currency)) {
            throw InvalidArgumentException.of("product.sale_price.currency", "'" + p.getSalePrice().getCurrency()
                                                                           + "' (expected: the price's currency, '"
                                                                           + currency + "')");
        }
        final Instant now = Instant.now();
        final ProductRow row = new ProductRow(
                NO_ID, NO_ID, p.getSku(), p.getSlug(), p.getName().trim(), p.getDescription(),
                CommonProtos.optionalId(p.getCategoryId()), keys(p.getAttributesList()),
                values(p.getAttributesList()), p.getPrice().getAmountMinor(), currency,
                p.hasSalePrice() ? p.getSalePrice().getAmountMinor() : null, p.getStock(), status(p.getStatus()),
                // An uploaded image is stored by key alone: its URL is derived on every read.
                p.getImagesList().stream().map(i -> i.getKey().isEmpty() ? i.getUrl() : "").toList(),
                p.getImagesList().stream().map(ProductImage::getAltText).toList(),
                p.getImagesList().stream().map(ProductImage::getKey).toList(), 0, now, now);
        final List<VariantRow> variants = new ArrayList<>();
        for (int i = 0; i < p.getVariantsCount(); i++) {
            final ProductVariant v = p.getVariants(i);
            if (v.hasPriceOverride() && !v.getPriceOverride().getCurrency().equals(currency)) {
                throw InvalidArgumentException.of("product.variants[" + i + "].price_override.currency",
                                                  "'" + v.getPriceOverride().getCurrency()
                                                  + "' (expected: the product's currency, '" + currency + "')");
            }
            variants.add(new VariantRow(NO_ID, v.getId().isEmpty() ? NO_ID : UUID.fromString(v.getId()), NO_ID, i,
                                        v.getSku(), keys(v.getAttributesList()), values(v.getAttributesList()),
                                        v.hasPriceOverride() ? v.getPriceOverride().getAmountMinor() : null,
                                        v.getStock()));
        }
        return new Product(row, variants, p.getTagIdsList().stream().map(UUID::fromString).toList(),
                           CommonProtos.translationRows(p.getTranslationsList()), new Localized("", "", ""));
    }

    /** {@code draft}, {@code active} or {@code archived}; unspecified means draft. */
    static String status(ProductStatus status) {
        return status == ProductStatus.PRODUCT_STATUS_UNSPECIFIED
               ? "draft" : status.name().substring("PRODUCT_STATUS_".length()).toLowerCase(Locale.ROOT);
    }
}
