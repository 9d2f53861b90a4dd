package dev.tradeloom.catalog.api;

import static dev.tradeloom.catalog.api.CatalogAssertions.assertStatus;
import static dev.tradeloom.catalog.api.CatalogAssertions.product;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.google.protobuf.ByteString;
import com.google.protobuf.FieldMask;
import com.linecorp.armeria.client.BlockingWebClient;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.RequestHeaders;

import dev.tradeloom.api.v1.Role;
import dev.tradeloom.catalog.CatalogCoreTesting;
import dev.tradeloom.catalog.CatalogCoreTesting.Seller;
import dev.tradeloom.catalog.v1.CreateProductRequest;
import dev.tradeloom.catalog.v1.FeedServiceGrpc.FeedServiceBlockingStub;
import dev.tradeloom.catalog.v1.GetMetaFeedRequest;
import dev.tradeloom.catalog.v1.GetProductRequest;
import dev.tradeloom.catalog.v1.ImageServiceGrpc.ImageServiceBlockingStub;
import dev.tradeloom.catalog.v1.MetaFeed;
import dev.tradeloom.catalog.v1.Product;
import dev.tradeloom.catalog.v1.ProductImage;
import dev.tradeloom.catalog.v1.ProductServiceGrpc.ProductServiceBlockingStub;
import dev.tradeloom.catalog.v1.RotateMetaFeedTokenRequest;
import dev.tradeloom.catalog.v1.UpdateProductRequest;
import dev.tradeloom.catalog.v1.UploadImageRequest;
import dev.tradeloom.platform.db.Scope;
import dev.tradeloom.platform.db.Transactor;
import dev.tradeloom.platform.storage.ObjectStore;
import dev.tradeloom.platform.storage.TestImages;
import io.grpc.Status;

/** Feed tokens through real gRPC, and the feed route of catalog-core's own server over real HTTP. */
class FeedServiceTest {
    private static final String URL_PREFIX = "http://localhost:8080/feeds/meta/";
    private static final ProductImage PICTURE = ProductImage.newBuilder().setUrl("https://img.example/saree.jpg")
                                                            .build();

    private static CatalogCoreTesting cc;
    private static BlockingWebClient http;

    @BeforeAll
    static void start() {
        cc = new CatalogCoreTesting();
        http = WebClient.of(cc.uri()).blocking();
    }

    @AfterAll
    static void stop() {
        cc.close();
    }

    @Test
    void getMetaFeed_beforeAnyToken_isDisabled() {
        final Seller seller = cc.seller("nofeed", "Surat", "en");
        final MetaFeed feed = feeds(seller.token()).getMetaFeed(get(seller));
        assertThat(feed.getTenantId()).isEqualTo(seller.tenantId());
        assertThat(feed.getEnabled()).isFalse();
        assertThat(feed.getFeedUrl()).isEmpty();
        assertThat(feed.getTokenHint()).isEmpty();
        assertThat(feed.hasRotateTime()).isFalse();
    }

    @Test
    void rotate_returnsTheUrlOnce_andGetShowsOnlyTheHint() {
        final Seller seller = cc.seller("feedurl", "Surat", "en");
        final MetaFeed issued = feeds(seller.token()).rotateMetaFeedToken(rotate(seller));
        assertThat(issued.getEnabled()).isTrue();
        assertThat(issued.getFeedUrl()).matches("http://localhost:8080/feeds/meta/[A-Za-z0-9_-]{43}\\.xml");
        final String token = token(issued);
        assertThat(issued.getTokenHint()).isEqualTo(token.substring(39));
        assertThat(issued.hasRotateTime()).isTrue();

        final MetaFeed shown = feeds(seller.token()).getMetaFeed(get(seller));
        assertThat(shown.getEnabled()).isTrue();
        assertThat(shown.getFeedUrl()).isEmpty();
        assertThat(shown.getTokenHint()).isEqualTo(issued.getTokenHint());
        assertThat(shown.getRotateTime()).isEqualTo(issued.getRotateTime());

        // Only the digest is stored: the token itself appears nowhere in the table.
        final String stored = cc.app.database().transactor().inTenant(
                java.util.UUID.fromString(seller.tenantId()),
                h -> h.createQuery("select encode(token_digest, 'hex') from meta_feeds").mapTo(String.class).one());
        assertThat(stored).isEqualTo(sha256Hex(token));
    }

    @Test
    void rotate_stopsTheOldUrlAtOnce() {
        final Seller seller = cc.seller("rotating", "Surat", "en");
        final String first = token(feeds(seller.token()).rotateMetaFeedToken(rotate(seller)));
        assertThat(feed(first).status()).isEqualTo(HttpStatus.OK);

        final String second = token(feeds(seller.token()).rotateMetaFeedToken(rotate(seller)));
        assertThat(second).isNotEqualTo(first);
        final AggregatedHttpResponse old = feed(first);
        assertThat(old.status()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(old.contentUtf8()).isEmpty();
        assertThat(feed(second).status()).isEqualTo(HttpStatus.OK);
    }

    @Test
    void unknownOrMalformedTokens_areBare404s() {
        for (String token : new String[] {"x".repeat(43), "short", "has.dots.and~tilde", "with%20space"}) {
            final AggregatedHttpResponse response = feed(token);
            assertThat(response.status()).as(token).isEqualTo(HttpStatus.NOT_FOUND);
        }
    }

    @Test
    void feedRpcs_needIntegrationManage_andStayInTheirTenant() {
        final Seller seller = cc.seller("feedperm", "Surat", "en");
        final String catalogManager = cc.member(seller, Role.ROLE_CATALOG_MANAGER);
        assertThatThrownBy(() -> feeds(catalogManager).getMetaFeed(get(seller)))
                .satisfies(e -> assertStatus(e, Status.Code.PERMISSION_DENIED, "MISSING_PERMISSION"));
        assertThatThrownBy(() -> feeds(catalogManager).rotateMetaFeedToken(rotate(seller)))
                .satisfies(e -> assertStatus(e, Status.Code.PERMISSION_DENIED, "MISSING_PERMISSION"));
        final String marketing = cc.member(seller, Role.ROLE_MARKETING);
        assertThat(feeds(marketing).rotateMetaFeedToken(rotate(seller)).getEnabled()).isTrue();

        final Seller other = cc.seller("feedother", "Surat", "en");
        assertThatThrownBy(() -> feeds(other.token()).rotateMetaFeedToken(rotate(seller)))
                .satisfies(e -> assertStatus(e, Status.Code.PERMISSION_DENIED, "MISSING_PERMISSION"));
        assertThatThrownBy(() -> feeds(null).getMetaFeed(get(seller)))
                .satisfies(e -> assertThat(((io.grpc.StatusRuntimeException) e).getStatus().getCode())
                        .isEqualTo(Status.Code.UNAUTHENTICATED));
    }

    @Test
    void eachToken_servesOnlyItsTenantsItems_withAnImage() {
        final Seller a = cc.seller("feeda", "Surat", "en");
        final Seller b = cc.seller("feedb", "Surat", "en");
        final String skuA = create(a, product("alpha").addImages(PICTURE));
        final String skuB = create(b, product("beta").addImages(PICTURE));
        final String imageless = create(a, product("bare"));
        final String tokenA = token(feeds(a.token()).rotateMetaFeedToken(rotate(a)));
        final String tokenB = token(feeds(b.token()).rotateMetaFeedToken(rotate(b)));
        assertThat(feed(tokenA).contentUtf8()).contains(skuA).doesNotContain(skuB)
                                              .as("Meta rejects items without g:image_link")
                                              .doesNotContain(imageless);
        assertThat(feed(tokenB).contentUtf8()).contains(skuB).doesNotContain(skuA);
    }

    @Test
    void uploadedImagesUnder500By500_areLeftOutOfTheItemsImages_afterACreateAndAnUpdate() {
        final Seller seller = cc.seller("feedsizes", "Surat", "en");
        final ImageServiceBlockingStub images = cc.client(ImageServiceBlockingStub.class, seller.token());
        final String thumbnail = upload(images, seller, TestImages.jpeg(200, 640));
        final String photo = upload(images, seller, TestImages.png(600, 500));
        final ProductServiceBlockingStub products = cc.client(ProductServiceBlockingStub.class, seller.token());
        final Product created = products.createProduct(CreateProductRequest.newBuilder()
                .setTenantId(seller.tenantId())
                .setProduct(product("sized").addImages(ProductImage.newBuilder().setKey(thumbnail))
                                            .addImages(ProductImage.newBuilder().setKey(photo)))
                .build());
        final String token = token(feeds(seller.token()).rotateMetaFeedToken(rotate(seller)));

        final String item = feed(token).contentUtf8();
        assertThat(item).containsPattern("<g:image_link>[^<]*" + photo + "[^<]*</g:image_link>")
                        .doesNotContain(thumbnail);

        products.updateProduct(UpdateProductRequest.newBuilder().setTenantId(seller.tenantId())
                .setProduct(Product.newBuilder().setId(created.getId())
                                   .addImages(ProductImage.newBuilder().setKey(photo))
                                   .addImages(ProductImage.newBuilder().setKey(thumbnail))
                                   .addImages(ProductImage.newBuilder().setKey(photo)))
                .setUpdateMask(FieldMask.newBuilder().addPaths("images"))
                .build());
        assertThat(feed(token).contentUtf8())
                .containsPattern("<g:additional_image_link>[^<]*" + photo + "[^<]*</g:additional_image_link>")
                .doesNotContain(thumbnail);
    }

    @Test
    void imagesRecordedBeforeSizesWereRead_getTheirSizesFromTheBackfill_thenTheFeedLeavesTheSmallOnesOut() {
        final Seller seller = cc.seller("feedbackfill", "Surat", "en");
        final ImageServiceBlockingStub images = cc.client(ImageServiceBlockingStub.class, seller.token());
        final String thumbnail = upload(images, seller, TestImages.jpeg(200, 640));
        final String photo = upload(images, seller, TestImages.png(600, 500));
        final String lost = upload(images, seller, TestImages.png(100, 100));
        final ProductServiceBlockingStub products = cc.client(ProductServiceBlockingStub.class, seller.token());
        final Product created = products.createProduct(CreateProductRequest.newBuilder()
                .setTenantId(seller.tenantId())
                .setProduct(product("backfilled").addImages(ProductImage.newBuilder().setKey(thumbnail))
                                                 .addImages(ProductImage.newBuilder().setKey(photo))
                                                 .addImages(ProductImage.newBuilder().setKey(lost)))
                .build());
        // As an earlier version left them: no sizes, so no image left out of the feed; and one file since lost.
        asTenant(seller, h -> {
            h.createUpdate("update images set width = null, height = null where key in (<keys>)")
             .bindList("keys", List.of(thumbnail, photo, lost)).execute();
            h.createUpdate("update products set meta_small_images = '{}' where id = cast(:id as uuid)")
             .bind("id", created.getId()).execute();
        });
        try (ObjectStore bucket = ObjectStore.start(cc.storage)) {
            bucket.delete(lost);
        }
        final String token = token(feeds(seller.token()).rotateMetaFeedToken(rotate(seller)));
        assertThat(feed(token).contentUtf8()).contains(thumbnail, photo, lost);

        assertThat(cc.app.imageSizes().run()).isEqualTo(2);

        assertThat(sizes(seller)).containsExactlyInAnyOrder(thumbnail + " 200x640", photo + " 600x500",
                                                            lost + " unknown");
        final String after = feed(token).contentUtf8();
        assertThat(after).as("the image now known to be small").doesNotContain(thumbnail);
        assertThat(after).as("the photo, and the lost file whose size is unknown").contains(photo, lost);
        assertThat(products.getProduct(GetProductRequest.newBuilder().setTenantId(seller.tenantId())
                                                        .setProductId(created.getId()).build()).getEtag())
                .as("what the seller sees of the product is the same").isEqualTo(created.getEtag());
        assertThat(cc.app.imageSizes().run()).as("a second run").isZero();
    }

    @Test
    void aChangeThatCommitsAfterAFetch_changesTheETag_evenWhenItBeganBeforeTheChangeTheFetchSaw() {
        final Seller seller = cc.seller("feedrace", "Surat", "en");
        final String slow = create(seller, product("slow").addImages(PICTURE));
        final String quick = create(seller, product("quick").addImages(PICTURE));
        final String token = token(feeds(seller.token()).rotateMetaFeedToken(rotate(seller)));
        try (Handle writer = cc.app.database().jdbi().open()) {
            // A price change begins (its updated_at is its start), then another change commits after it.
            writer.begin();
            Transactor.actAs(writer, Scope.tenant(UUID.fromString(seller.tenantId())));
            assertThat(writer.createUpdate("update products set price_minor = 777700, updated_at = now() "
                                           + "where sku = :sku").bind("sku", slow).execute()).isEqualTo(1);
            writer.createQuery("select pg_sleep(0.05)").mapTo(String.class).one();
            assertThat(cc.app.database().jdbi().<Integer, RuntimeException>inTransaction(h -> {
                Transactor.actAs(h, Scope.tenant(UUID.fromString(seller.tenantId())));
                return h.createUpdate("update products set stock = stock + 1, updated_at = now() where sku = :sku")
                        .bind("sku", quick).execute();
            })).isEqualTo(1);
            final AggregatedHttpResponse seen = feed(token);
            assertThat(seen.contentUtf8()).doesNotContain("7777.00 INR");
            writer.commit();

            final AggregatedHttpResponse next = http.execute(
                    RequestHeaders.builder(HttpMethod.GET, "/feeds/meta/" + token + ".xml")
                                  .add(HttpHeaderNames.IF_NONE_MATCH, seen.headers().get(HttpHeaderNames.ETAG))
                                  .build());
            assertThat(next.status()).isEqualTo(HttpStatus.OK);
            assertThat(next.contentUtf8()).contains("7777.00 INR");
        }
    }

    private static String create(Seller seller, Product.Builder product) {
        return cc.client(ProductServiceBlockingStub.class, seller.token()).createProduct(
                CreateProductRequest.newBuilder().setTenantId(seller.tenantId()).setProduct(product)
                                    .build()).getSku();
    }

    private static String upload(ImageServiceBlockingStub images, Seller seller, byte[] file) {
        return images.uploadImage(UploadImageRequest.newBuilder().setTenantId(seller.tenantId())
                                                    .setData(ByteString.copyFrom(file)).build()).getKey();
    }

    private static void asTenant(Seller seller, Consumer<Handle> work) {
        cc.app.database().jdbi().useTransaction(h -> {
            Transactor.actAs(h, Scope.tenant(UUID.fromString(seller.tenantId())));
            work.accept(h);
        });
    }

    /** Each image of the seller as its key and its recorded size. */
    private static List<String> sizes(Seller seller) {
        final List<String> sizes = new ArrayList<>();
        asTenant(seller, h -> sizes.addAll(h.createQuery(
                "select key || ' ' || coalesce(width || 'x' || height, 'unknown') from images")
                .mapTo(String.class).list()));
        return sizes;
    }

    private static AggregatedHttpResponse feed(String token) {
        return http.get("/feeds/meta/" + token + ".xml");
    }

    private static FeedServiceBlockingStub feeds(String accessToken) {
        return cc.client(FeedServiceBlockingStub.class, accessToken);
    }

    private static GetMetaFeedRequest get(Seller seller) {
        return GetMetaFeedRequest.newBuilder().setTenantId(seller.tenantId()).build();
    }

    private static RotateMetaFeedTokenRequest rotate(Seller seller) {
        return RotateMetaFeedTokenRequest.newBuilder().setTenantId(seller.tenantId()).build();
    }

    private static String token(MetaFeed issued) {
        assertThat(issued.getFeedUrl()).startsWith(URL_PREFIX).endsWith(".xml");
        return issued.getFeedUrl().substring(URL_PREFIX.length(), issued.getFeedUrl().length() - 4);
    }

    private static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                                                         .digest(text.getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
