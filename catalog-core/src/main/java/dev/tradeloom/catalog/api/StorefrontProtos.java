package dev.tradeloom.catalog.api;

import static dev.tradeloom.catalog.api.CommonProtos.attributes;
import static dev.tradeloom.catalog.api.CommonProtos.money;
import static dev.tradeloom.catalog.api.CommonProtos.timestamp;

import java.util.function.UnaryOperator;

import dev.tradeloom.catalog.domain.Product;
import dev.tradeloom.catalog.domain.StorefrontProduct;
import dev.tradeloom.catalog.store.ProductRow;
import dev.tradeloom.catalog.store.SupplierRow;
import dev.tradeloom.catalog.store.VariantRow;
import dev.tradeloom.catalog.v1.StorefrontSupplier;
import dev.tradeloom.catalog.v1.StorefrontVariant;

/** Storefront products ↔ the contract: only what buyers may see (no stock counts, no drafts). */
final class StorefrontProtos {
    private StorefrontProtos() {}

    static dev.tradeloom.catalog.v1.StorefrontProduct product(StorefrontProduct sp,
                                                             UnaryOperator<String> imageUrl) {
        final Product p = sp.product();
        final ProductRow row = p.row();
        final SupplierRow supplier = sp.supplier();
        final dev.tradeloom.catalog.v1.StorefrontProduct.Builder b =
                dev.tradeloom.catalog.v1.StorefrontProduct.newBuilder()
                        .setId(row.id().toString())
                        .setSlug(row.slug())
                        .setSku(row.sku())
                        .setName(p.localized().name())
                        .setDescription(p.localized().description())
                        .setLanguage(p.localized().language())
                        .setCategoryId(row.categoryId() == null ? "" : row.categoryId().toString())
                        .addAllAttributes(attributes(row.attributeKeys(), row.attributeValues()))
                        .setPrice(money(row.priceMinor(), row.currency()))
                        .setInStock(p.inStock())
                        .addAllImages(ProductProtos.images(row, imageUrl))
                        .setSupplier(StorefrontSupplier.newBuilder().setTenantId(supplier.tenantId().toString())
                                                       .setSlug(supplier.slug()).setName(supplier.name())
                                                       .setCity(supplier.city()))
                        .setUpdateTime(timestamp(row.updatedAt()));
        if (row.salePriceMinor() != null) {
            b.setSalePrice(money(row.salePriceMinor(), row.currency()));
        }
        final long basePrice = row.salePriceMinor() != null ? row.salePriceMinor() : row.priceMinor();
        for (VariantRow v : p.variants()) {
            b.addVariants(StorefrontVariant.newBuilder()
                                           .setId(v.id().toString())
                                           .setSku(v.sku())
                                           .addAllAttributes(attributes(v.attributeKeys(), v.attributeValues()))
                                           .setPrice(money(v.priceOverrideMinor() != null ? v.priceOverrideMinor()
                                                                                          : basePrice,
                                                           row.currency()))
                                           .setInStock(v.stock() > 0));
        }
        return b.build();
    }
}
