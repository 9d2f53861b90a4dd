package dev.tradeloom.bff;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.RequestHeaders;

import dev.tradeloom.catalog.CatalogCoreTesting;
import dev.tradeloom.catalog.CatalogCoreTesting.Seller;
import dev.tradeloom.catalog.v1.CreateProductRequest;
import dev.tradeloom.catalog.v1.Money;
import dev.tradeloom.catalog.v1.Product;
import dev.tradeloom.catalog.v1.ProductImage;
import dev.tradeloom.catalog.v1.ProductServiceGrpc.ProductServiceBlockingStub;
import dev.tradeloom.catalog.v1.ProductStatus;
import dev.tradeloom.catalog.v1.Translation;

/** The public product page over real HTTP through the edge to a real catalog-core. */
class EdgeProductPageTest {
    private static EdgeTesting edge;
    private static CatalogCoreTesting catalog;
    private static Seller seller;

    @BeforeAll
    static void start() {
        edge = EdgeTesting.withCatalog();
        catalog = edge.catalogCore;
        seller = catalog.seller("pages", "Surat", "en");
    }

    @AfterAll
    static void stop() {
        edge.close();
    }

    @Test
    void theMetaFeedsLink_opensTheProductsPage_withItsPreviewTags_andEveryValueEscaped() {
        final Product saree = create(product("saree").setName("Silk saree <b>\"best\"</b> & more")
                .setDescription("Handwoven in Varanasi.\nPure silk.").setSalePrice(inr(450_000))
                .addImages(ProductImage.newBuilder().setUrl("https://cdn.example/saree.jpg")));
        // The feed links each item to PUBLIC_BASE_URL/storefronts/{tenant}/products/{slug} (EdgeMetaFeedTest).
        final AggregatedHttpResponse page = edge.get(
                "/storefronts/" + seller.tenantId() + "/products/" + saree.getSlug(), null);
        assertThat(page.status()).isEqualTo(HttpStatus.OK);
        assertThat(page.contentType().toString()).startsWith("text/html");
        assertThat(page.headers().get(HttpHeaderNames.CACHE_CONTROL)).isEqualTo("no-cache");
        assertThat(page.headers().get("content-security-policy")).contains("img-src https:").doesNotContain("script");
        final String html = page.contentUtf8();
        assertThat(html).contains(
                "<meta property=\"og:title\" content=\"Silk saree &lt;b&gt;&quot;best&quot;&lt;/b&gt; &amp; more\">",
                "<meta property=\"og:image\" content=\"https://cdn.example/saree.jpg\">",
                "<meta property=\"og:description\" content=\"Handwoven in Varanasi. Pure silk.\">",
                "<meta property=\"product:price:amount\" content=\"4500.00\">",
                "<strong>4500.00 INR</strong> <del>5000.00 INR</del> · in stock",
                "Surat");
        assertThat(html).doesNotContain("<b>");
    }

    @Test
    void thePage_isInTheBrowsersLanguage() {
        final Product saree = create(product("hindi").addTranslations(
                Translation.newBuilder().setLanguage("hi").setName("बनारसी रेशमी साड़ी")));
        final String path = "/storefronts/" + seller.tenantId() + "/products/" + saree.getSlug();
        final AggregatedHttpResponse page = edge.http.execute(RequestHeaders.builder(HttpMethod.GET, path)
                .add(HttpHeaderNames.ACCEPT_LANGUAGE, "hi;q=0.9, en;q=0.5").build());
        assertThat(page.status()).isEqualTo(HttpStatus.OK);
        assertThat(page.contentUtf8()).contains("<html lang=\"hi\">", "<h1>बनारसी रेशमी साड़ी</h1>");

        // A browser preferring a language the product lacks gets the next it names.
        final AggregatedHttpResponse next = edge.http.execute(RequestHeaders.builder(HttpMethod.GET, path)
                .add(HttpHeaderNames.ACCEPT_LANGUAGE, "mr-IN, mr;q=0.9, hi;q=0.8, en;q=0.5").build());
        assertThat(next.contentUtf8()).contains("<html lang=\"hi\">", "<h1>बनारसी रेशमी साड़ी</h1>");
    }

    @Test
    void aSoldOutProduct_whichTheFeedListsOutOfStock_stillHasItsPage() {
        final Product dupatta = create(product("soldout").setStock(0));
        final AggregatedHttpResponse page = edge.get(
                "/storefronts/" + seller.tenantId() + "/products/" + dupatta.getSlug(), null);
        assertThat(page.status()).isEqualTo(HttpStatus.OK);
        assertThat(page.contentUtf8()).contains(
                "<meta property=\"product:availability\" content=\"out of stock\">", " · out of stock");
    }

    @Test
    void aProductNotInTheStorefront_isA404Page() {
        final Product draft = create(product("draft").setStatus(ProductStatus.PRODUCT_STATUS_DRAFT));
        for (String path : new String[] {
                "/storefronts/" + seller.tenantId() + "/products/" + draft.getSlug(),
                "/storefronts/" + seller.tenantId() + "/products/no-such-product",
                "/storefronts/not-a-tenant/products/anything"}) {
            final AggregatedHttpResponse page = edge.get(path, null);
            assertThat(page.status()).as(path).isEqualTo(HttpStatus.NOT_FOUND);
            assertThat(page.contentUtf8()).as(path).contains("This product is not available");
        }
    }

    private static Product create(Product.Builder product) {
        return catalog.client(ProductServiceBlockingStub.class, seller.token()).createProduct(
                CreateProductRequest.newBuilder().setTenantId(seller.tenantId()).setProduct(product).build());
    }

    private static Product.Builder product(String prefix) {
        final String u = prefix + '-' + UUID.randomUUID().toString().substring(0, 8);
        return Product.newBuilder().setSku(u.toUpperCase(Locale.ROOT)).setSlug(u).setName(prefix + " saree")
                      .setPrice(inr(500_000)).setStock(3).setStatus(ProductStatus.PRODUCT_STATUS_ACTIVE);
    }

    private static Money inr(long minor) {
        return Money.newBuilder().setAmountMinor(minor).setCurrency("INR").build();
    }
}
