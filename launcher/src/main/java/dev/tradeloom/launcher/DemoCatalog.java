package dev.tradeloom.launcher;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.linecorp.armeria.client.grpc.GrpcClients;

import dev.tradeloom.catalog.v1.CreateProductRequest;
import dev.tradeloom.catalog.v1.Money;
import dev.tradeloom.catalog.v1.Product;
import dev.tradeloom.catalog.v1.ProductServiceGrpc.ProductServiceBlockingStub;
import dev.tradeloom.catalog.v1.ProductStatus;
import dev.tradeloom.catalog.v1.ProductVariant;
import dev.tradeloom.catalog.v1.Translation;

/**
 * A few products for each demo supplier, created through catalog-core's API with request ids derived
 * from the SKU, so reloading changes nothing.
 */
final class DemoCatalog {
    private record Item(String sku, String slug, String name, String hindiName, long priceMinor, long stock,
                        List<String> sizes) {}

    private static final Map<String, List<Item>> ITEMS = Map.of(
            "asha-silk-sarees", List.of(
                    new Item("ASH-BNR-RED", "banarasi-silk-saree-red", "Banarasi silk saree, red with gold zari",
                             "बनारसी रेशमी साड़ी, लाल", 1_250_000, 8, List.of()),
                    new Item("ASH-KTN-BLU", "katan-silk-saree-blue", "Katan silk saree, royal blue",
                             "कतान रेशमी साड़ी, नीली", 980_000, 0, List.of())),
            "jaipur-block-prints", List.of(
                    new Item("JBP-DUP-IND", "indigo-block-print-dupatta", "Indigo block print dupatta",
                             "नील ब्लॉक प्रिंट दुपट्टा", 65_000, 40, List.of()),
                    new Item("JBP-BED-DBL", "sanganeri-double-bedsheet", "Sanganeri double bedsheet",
                             "सांगानेरी डबल चादर", 180_000, 25, List.of())),
            "kolkata-kurta-house", List.of(
                    new Item("KKH-KHD-WHT", "khadi-kurta-white", "Khadi kurta, white", "खादी कुर्ता, सफ़ेद",
                             120_000, 0, List.of("S", "M", "L", "XL"))),
            "ludhiana-knitwear", List.of(
                    new Item("LDK-CRD-GRY", "wool-cardigan-grey", "Wool cardigan, grey", "ऊनी कार्डिगन, धूसर",
                             210_000, 0, List.of("M", "L"))));

    private DemoCatalog() {}

    /** Adds the demo products of each supplier in {@code tenantIds} (slug → id) that has some. */
    static int load(String catalogCoreUri, String accessToken, Map<String, String> tenantIds) {
        final ProductServiceBlockingStub products = GrpcClients.builder(catalogCoreUri)
                                                               .addHeader("authorization", "Bearer " + accessToken)
                                                               .build(ProductServiceBlockingStub.class);
        int count = 0;
        for (Map.Entry<String, List<Item>> supplier : ITEMS.entrySet()) {
            final String tenantId = tenantIds.get(supplier.getKey());
            if (tenantId == null) {
                continue;
            }
            for (Item item : supplier.getValue()) {
                products.createProduct(CreateProductRequest.newBuilder()
                        .setTenantId(tenantId)
                        .setRequestId(UUID.nameUUIDFromBytes(item.sku().getBytes(StandardCharsets.UTF_8))
                                          .toString())
                        .setProduct(product(item))
                        .build());
                count++;
            }
        }
        return count;
    }

    private static Product product(Item item) {
        final Product.Builder product = Product.newBuilder()
                .setSku(item.sku()).setSlug(item.slug()).setName(item.name())
                .setPrice(Money.newBuilder().setAmountMinor(item.priceMinor()).setCurrency("INR"))
                .setStock(item.stock()).setStatus(ProductStatus.PRODUCT_STATUS_ACTIVE)
                .addTranslations(Translation.newBuilder().setLanguage("hi").setName(item.hindiName()));
        for (String size : item.sizes()) {
            product.addVariants(ProductVariant.newBuilder().setSku(item.sku() + '-' + size).setStock(10));
        }
        return product.build();
    }
}
