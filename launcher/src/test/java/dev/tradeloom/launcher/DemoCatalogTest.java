package dev.tradeloom.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.tradeloom.catalog.CatalogCoreTesting;
import dev.tradeloom.catalog.CatalogCoreTesting.Seller;
import dev.tradeloom.catalog.v1.GetProductRequest;
import dev.tradeloom.catalog.v1.ListProductsRequest;
import dev.tradeloom.catalog.v1.ListProductsResponse;
import dev.tradeloom.catalog.v1.ListStorefrontProductsRequest;
import dev.tradeloom.catalog.v1.ListStorefrontProductsResponse;
import dev.tradeloom.catalog.v1.Product;
import dev.tradeloom.catalog.v1.ProductServiceGrpc.ProductServiceBlockingStub;
import dev.tradeloom.catalog.v1.ProductStatus;
import dev.tradeloom.catalog.v1.StorefrontServiceGrpc.StorefrontServiceBlockingStub;
import dev.tradeloom.launcher.DemoAssortment.Item;
import dev.tradeloom.launcher.DemoAssortment.Supplier;

/** The demo catalog goes in through a real catalog-core, passes its rules, and loads only once. */
class DemoCatalogTest {
    private static final String SLUG = "ludhiana-knitwear";
    private static final Supplier SUPPLIER = DemoAssortment.SUPPLIERS.get(SLUG);

    private static CatalogCoreTesting catalog;
    private static Seller seller;
    private static ProductServiceBlockingStub products;

    @BeforeAll
    static void loadOnce() {
        catalog = new CatalogCoreTesting();
        seller = catalog.seller("knitter", "Ludhiana", "en");
        products = catalog.client(ProductServiceBlockingStub.class, seller.token());
        assertThat(DemoCatalog.load(catalog.uri(), seller.token(), Map.of(SLUG, seller.tenantId())))
                .isEqualTo(DemoAssortment.PRODUCTS_PER_SUPPLIER);
    }

    @AfterAll
    static void stop() {
        catalog.close();
    }

    @Test
    void everyProductHasItsVariantsAHindiNameAndOnePicture() throws IOException {
        final Map<String, Product> bySku =
                allProducts().stream().collect(Collectors.toMap(Product::getSku, Function.identity()));
        final List<Item> items = DemoAssortment.items(SUPPLIER);
        assertThat(bySku.keySet()).containsExactlyInAnyOrderElementsOf(items.stream().map(Item::sku).toList());
        for (Item item : items) {
            final Product product = bySku.get(item.sku());
            assertThat(product.getVariantsList()).extracting(v -> v.getAttributes(0).getValue())
                                                 .containsExactlyElementsOf(item.line().sizes());
            assertThat(product.getImagesList()).singleElement().satisfies(image -> {
                assertThat(image.getKey()).isNotEmpty();
                assertThat(image.getAltText()).isEqualTo(item.name().en());
            });
            assertThat(product.getStatus()).isEqualTo(item.draft() ? ProductStatus.PRODUCT_STATUS_DRAFT
                                                                   : ProductStatus.PRODUCT_STATUS_ACTIVE);
        }
        final Item first = items.get(0);
        final Product inHindi = products.getProduct(GetProductRequest.newBuilder()
                .setTenantId(seller.tenantId())
                .setProductId(bySku.get(first.sku()).getId()).setLanguage("hi").build());
        assertThat(inHindi.getLocalizedName()).isEqualTo(first.name().hi()).isEqualTo("ऊनी स्वेटर, लाल");
        final byte[] swatch = DemoSwatch.png(first.line().pattern(), first.colour().rgb(), 0);
        assertThat(ImageIO.read(new ByteArrayInputStream(swatch)).getWidth()).isEqualTo(DemoSwatch.WIDTH);
        assertThat(swatch.length).isLessThan(CatalogCoreTesting.MAX_IMAGE_BYTES);
    }

    @Test
    void theStorefrontShowsTheActiveProductsInStock() {
        final long visible = DemoAssortment.items(SUPPLIER).stream()
                                           .filter(i -> !i.draft() && i.stock() > 0).count();
        assertThat(visible).isLessThan(DemoAssortment.PRODUCTS_PER_SUPPLIER).isGreaterThan(40);
        final StorefrontServiceBlockingStub storefront =
                catalog.client(StorefrontServiceBlockingStub.class, null);
        int shown = 0;
        String token = "";
        do {
            final ListStorefrontProductsResponse page = storefront.listStorefrontProducts(
                    ListStorefrontProductsRequest.newBuilder().setTenantId(seller.tenantId()).setPageSize(100)
                                                 .setPageToken(token).build());
            shown += page.getProductsCount();
            token = page.getNextPageToken();
        } while (!token.isEmpty());
        assertThat(shown).isEqualTo(visible);
    }

    @Test
    void loadingAgainChangesNothing() {
        final Map<String, String> before = pictureKeys();
        assertThat(DemoCatalog.load(catalog.uri(), seller.token(), Map.of(SLUG, seller.tenantId())))
                .isEqualTo(DemoAssortment.PRODUCTS_PER_SUPPLIER);
        assertThat(pictureKeys()).isEqualTo(before).hasSize(DemoAssortment.PRODUCTS_PER_SUPPLIER);
    }

    private static Map<String, String> pictureKeys() {
        return allProducts().stream().collect(Collectors.toMap(Product::getSku, p -> p.getImages(0).getKey()));
    }

    private static List<Product> allProducts() {
        final List<Product> all = new ArrayList<>();
        String token = "";
        do {
            final ListProductsResponse page = products.listProducts(ListProductsRequest.newBuilder()
                    .setTenantId(seller.tenantId()).setPageSize(100).setPageToken(token).build());
            all.addAll(page.getProductsList());
            token = page.getNextPageToken();
        } while (!token.isEmpty());
        return all;
    }
}
