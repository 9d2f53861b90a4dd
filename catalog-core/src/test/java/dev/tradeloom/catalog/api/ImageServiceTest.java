package dev.tradeloom.catalog.api;

import static dev.tradeloom.catalog.api.CatalogAssertions.assertStatus;
import static dev.tradeloom.catalog.api.CatalogAssertions.product;
import static dev.tradeloom.catalog.api.PresignedUploads.put;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpClient.Redirect;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.google.protobuf.ByteString;

import dev.tradeloom.api.v1.Role;
import dev.tradeloom.catalog.CatalogCoreTesting;
import dev.tradeloom.catalog.CatalogCoreTesting.Seller;
import dev.tradeloom.catalog.domain.Images;
import dev.tradeloom.catalog.v1.CompleteImageUploadRequest;
import dev.tradeloom.catalog.v1.CreateImageUploadRequest;
import dev.tradeloom.catalog.v1.CreateProductRequest;
import dev.tradeloom.catalog.v1.GetStorefrontProductRequest;
import dev.tradeloom.catalog.v1.Image;
import dev.tradeloom.catalog.v1.ImageServiceGrpc.ImageServiceBlockingStub;
import dev.tradeloom.catalog.v1.ImageUpload;
import dev.tradeloom.catalog.v1.Product;
import dev.tradeloom.catalog.v1.ProductImage;
import dev.tradeloom.catalog.v1.ProductServiceGrpc.ProductServiceBlockingStub;
import dev.tradeloom.catalog.v1.StorefrontProduct;
import dev.tradeloom.catalog.v1.StorefrontServiceGrpc.StorefrontServiceBlockingStub;
import dev.tradeloom.catalog.v1.UploadImageRequest;
import dev.tradeloom.platform.storage.ObjectStore;
import dev.tradeloom.platform.storage.TestImages;
import dev.tradeloom.platform.testing.TestS3;
import dev.tradeloom.tenant.TenantCoreTesting;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

class ImageServiceTest {
    private static final HttpClient NO_REDIRECTS = HttpClient.newHttpClient();
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(Redirect.NORMAL).build();

    private static CatalogCoreTesting cc;
    private static Seller seller;
    private static ImageServiceBlockingStub owner;
    private static ObjectStore bucket;

    @BeforeAll
    static void start() {
        cc = new CatalogCoreTesting();
        seller = cc.seller("dyer", "Jaipur", "en");
        owner = cc.client(ImageServiceBlockingStub.class, seller.token());
        bucket = ObjectStore.start(cc.storage);
    }

    @AfterAll
    static void stop() {
        bucket.close();
        cc.close();
    }

    @Test
    void presignedUpload_thenComplete_recordsTheImageWithAFetchableUrl() throws Exception {
        final ImageUpload upload = createUpload("image/png");
        assertThat(upload.getKey()).startsWith(seller.tenantId() + "/images/").endsWith(".png");
        assertThat(upload.getContentType()).isEqualTo("image/png");
        assertThat(upload.getMaxSizeBytes()).isEqualTo(CatalogCoreTesting.MAX_IMAGE_BYTES);

        assertThat(put(upload, TestImages.png())).isEqualTo(200);
        final Image image = complete(upload.getKey());

        assertThat(image.getKey()).as("a key no upload URL covers").isNotEqualTo(upload.getKey())
                                  .startsWith(seller.tenantId() + "/images/").endsWith(".png");
        assertThat(image.getContentType()).isEqualTo("image/png");
        assertThat(image.getSizeBytes()).isEqualTo(TestImages.png().length);
        assertThat(image.getWidth()).isEqualTo(1);
        assertThat(image.getHeight()).isEqualTo(1);
        assertThat(fetch(image.getUrl())).isEqualTo(TestImages.png());
        assertThat(complete(upload.getKey()).getId()).as("completing again").isEqualTo(image.getId());
    }

    @Test
    void imageLinks_areTheSameOnEveryRead_andRedirectOnlyToImagesRecordedForTheTenant() throws Exception {
        final Image image = owner.uploadImage(UploadImageRequest.newBuilder().setTenantId(seller.tenantId())
                .setData(ByteString.copyFrom(TestImages.png())).build());
        final String path = Images.LINK_PATH + image.getKey();
        assertThat(image.getUrl()).isEqualTo(CatalogCoreTesting.PUBLIC_BASE_URL + path);
        final Product product = cc.client(ProductServiceBlockingStub.class, seller.token()).createProduct(
                CreateProductRequest.newBuilder().setTenantId(seller.tenantId())
                                    .setProduct(product("linked").addImages(ProductImage.newBuilder()
                                                                                      .setKey(image.getKey())))
                                    .build());
        final StorefrontServiceBlockingStub storefront = cc.client(StorefrontServiceBlockingStub.class, null);
        final GetStorefrontProductRequest read = GetStorefrontProductRequest.newBuilder()
                .setTenantId(seller.tenantId()).setProduct(product.getSlug()).build();
        assertThat(List.of(product.getImages(0).getUrl(),
                           storefront.getStorefrontProduct(read).getImages(0).getUrl(),
                           storefront.getStorefrontProduct(read).getImages(0).getUrl()))
                .containsOnly(image.getUrl());

        final HttpResponse<Void> redirect = askLink(path);
        assertThat(redirect.statusCode()).isEqualTo(302);
        assertThat(redirect.headers().firstValue("location")).hasValueSatisfying(
                location -> assertThat(location).startsWith(cc.storage.endpoint()).contains(image.getKey()));
        assertThat(redirect.headers().firstValue("cache-control"))
                .hasValue("public, max-age=" + cc.storage.downloadTtl().toSeconds() / 2);
        assertThat(fetch(image.getUrl())).isEqualTo(TestImages.png());

        // A pending upload's file was never checked: it is not served, though it is in the bucket.
        final ImageUpload pending = createUpload("image/png");
        assertThat(put(pending, TestImages.png())).isEqualTo(200);
        assertThat(askLink(Images.LINK_PATH + pending.getKey()).statusCode()).isEqualTo(404);
        final String name = image.getKey().substring(image.getKey().lastIndexOf('/') + 1);
        assertThat(askLink(Images.LINK_PATH + UUID.randomUUID() + "/images/" + name).statusCode())
                .as("another tenant's path").isEqualTo(404);
        assertThat(askLink(Images.LINK_PATH + "not-a-tenant/images/" + name).statusCode()).isEqualTo(404);
        assertThat(askLink(Images.LINK_PATH + seller.tenantId() + "/images/secret.txt").statusCode())
                .isEqualTo(404);
    }

    @Test
    void complete_recordsTheSizeInPixels_evenWhenTheHeaderLiesBeyondTheFirstBytesRead() throws Exception {
        final ImageUpload webp = createUpload("image/webp");
        put(webp, TestImages.webp());
        final Image small = complete(webp.getKey());
        assertThat(List.of(small.getWidth(), small.getHeight())).containsExactly(640, 480);

        // A JPEG whose frame header follows 40 KiB of metadata, past the first 32 KiB read of the upload.
        final ImageUpload jpeg = createUpload("image/jpeg");
        put(jpeg, TestImages.jpegWithMetadata(800, 600, 40 * 1024));
        final Image large = complete(jpeg.getKey());
        assertThat(List.of(large.getWidth(), large.getHeight())).containsExactly(800, 600);
    }

    @Test
    void complete_ofAFileThatOnlyStartsLikeAnImage_isInvalidArgumentAndDeletesIt() throws Exception {
        final ImageUpload upload = createUpload("image/jpeg");
        put(upload, jpegSignatureThenText());

        assertThatThrownBy(() -> complete(upload.getKey()))
                .satisfies(e -> assertStatus(e, Status.Code.INVALID_ARGUMENT, "INVALID_ARGUMENT"))
                .satisfies(e -> assertThat(violation(e)).contains("header").contains("cannot be read"));
        assertThat(bucket.head(upload.getKey())).isEmpty();
    }

    @Test
    void complete_thenAnotherPutToTheUploadUrl_changesNothingServed() throws Exception {
        final ImageUpload upload = createUpload("image/png");
        put(upload, TestImages.png());
        final Image image = complete(upload.getKey());
        final ProductServiceBlockingStub products = cc.client(ProductServiceBlockingStub.class, seller.token());
        final Product product = products.createProduct(CreateProductRequest.newBuilder()
                .setTenantId(seller.tenantId())
                .setProduct(product("swapped").addImages(ProductImage.newBuilder().setKey(image.getKey())))
                .build());

        // The URL is still within its lifetime, so S3 takes the PUT; what was checked must not change.
        assertThat(put(upload, oversizedNonImage())).isEqualTo(200);

        assertThat(bucket.get(image.getKey())).hasValueSatisfying(
                b -> assertThat(b).isEqualTo(TestImages.png()));
        assertThat(fetch(image.getUrl())).isEqualTo(TestImages.png());
        final StorefrontServiceBlockingStub storefront = cc.client(StorefrontServiceBlockingStub.class, null);
        final StorefrontProduct seen = storefront.getStorefrontProduct(GetStorefrontProductRequest.newBuilder()
                .setTenantId(seller.tenantId()).setProduct(product.getSlug()).build());
        assertThat(fetch(seen.getImages(0).getUrl())).isEqualTo(TestImages.png());
        assertThat(complete(upload.getKey()).getKey()).as("completing again").isEqualTo(image.getKey());
    }

    @Test
    void complete_deletesTheUploadedObject() throws Exception {
        final ImageUpload upload = createUpload("image/jpeg");
        put(upload, TestImages.jpeg());

        final Image image = complete(upload.getKey());

        assertThat(bucket.head(upload.getKey())).isEmpty();
        assertThat(bucket.get(image.getKey())).hasValueSatisfying(
                b -> assertThat(b).isEqualTo(TestImages.jpeg()));
    }

    @Test
    void complete_whenTheFileIsReplacedAfterItsSizeIsRead_isAbortedAndRecordsNothing() throws Exception {
        final ImageUpload upload = createUpload("image/png");
        put(upload, TestImages.png());
        final int before = imageCount();
        TestS3.afterNextHead(cc.storage, upload.getKey(), () -> putUnchecked(upload, oversizedPng()));

        assertThatThrownBy(() -> complete(upload.getKey()))
                .satisfies(e -> assertStatus(e, Status.Code.ABORTED, "IMAGE_UPLOAD_CHANGED"))
                .hasMessageContaining("upload it again");

        assertThat(imageCount()).isEqualTo(before);
        assertThatThrownBy(() -> complete(upload.getKey())).as("completing again checks the file now there")
                .satisfies(e -> assertThat(violation(e))
                        .contains("at most " + CatalogCoreTesting.MAX_IMAGE_BYTES));
    }

    @Test
    void complete_whenTheFileIsReplacedAfterItsTypeIsRead_isAbortedAndRecordsNothing() throws Exception {
        final ImageUpload upload = createUpload("image/png");
        put(upload, TestImages.png());
        final int before = imageCount();
        TestS3.afterNextRead(cc.storage, upload.getKey(), () -> putUnchecked(upload, oversizedPng()));

        assertThatThrownBy(() -> complete(upload.getKey()))
                .satisfies(e -> assertStatus(e, Status.Code.ABORTED, "IMAGE_UPLOAD_CHANGED"));

        assertThat(imageCount()).isEqualTo(before);
        assertThat(bucket.get(upload.getKey())).as("the file now there, left for the next completion")
                .hasValueSatisfying(b -> assertThat(b).hasSize(oversizedPng().length));
    }

    @Test
    void createUpload_keysAreUnguessable() {
        assertThat(createUpload("image/jpeg").getKey()).isNotEqualTo(createUpload("image/jpeg").getKey());
    }

    @Test
    void createUpload_ofANonImageType_isInvalidArgument() {
        assertThatThrownBy(() -> owner.createImageUpload(CreateImageUploadRequest.newBuilder()
                .setTenantId(seller.tenantId()).setContentType("text/plain").build()))
                .satisfies(e -> assertStatus(e, Status.Code.INVALID_ARGUMENT, "INVALID_ARGUMENT"));
    }

    @Test
    void complete_ofATextFile_isInvalidArgumentAndDeletesIt() throws Exception {
        final ImageUpload upload = createUpload("image/png");
        put(upload, "just some text, not a picture".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> complete(upload.getKey()))
                .satisfies(e -> assertStatus(e, Status.Code.INVALID_ARGUMENT, "INVALID_ARGUMENT"))
                .satisfies(e -> assertThat(violation(e)).contains("not an image"));
        assertThat(bucket.head(upload.getKey())).isEmpty();
    }

    @Test
    void complete_ofAnOversizedFile_isInvalidArgumentAndDeletesIt() throws Exception {
        final ImageUpload upload = createUpload("image/png");
        put(upload, TestImages.pngOfSize(CatalogCoreTesting.MAX_IMAGE_BYTES + 1));

        assertThatThrownBy(() -> complete(upload.getKey()))
                .satisfies(e -> assertStatus(e, Status.Code.INVALID_ARGUMENT, "INVALID_ARGUMENT"))
                .satisfies(e -> assertThat(violation(e)).contains("at most " + CatalogCoreTesting.MAX_IMAGE_BYTES));
        assertThat(bucket.head(upload.getKey())).isEmpty();
    }

    @Test
    void complete_ofAnotherTypeThanDeclared_isInvalidArgument() throws Exception {
        final ImageUpload upload = createUpload("image/png");
        // The signature pins the header, not the bytes: a JPEG sent as image/png is caught on completion.
        put(upload, TestImages.jpeg());

        assertThatThrownBy(() -> complete(upload.getKey()))
                .satisfies(e -> assertThat(violation(e)).contains("image/jpeg"));
    }

    @Test
    void complete_beforeUploading_isFailedPrecondition() {
        final ImageUpload upload = createUpload("image/webp");
        assertThatThrownBy(() -> complete(upload.getKey()))
                .satisfies(e -> assertStatus(e, Status.Code.FAILED_PRECONDITION, "IMAGE_NOT_UPLOADED"));
    }

    @Test
    void complete_ofAnotherTenantsKey_isInvalidArgument() throws Exception {
        final Seller other = cc.seller("printer", "Surat", "en");
        final ImageServiceBlockingStub otherOwner = cc.client(ImageServiceBlockingStub.class, other.token());
        final ImageUpload theirs = otherOwner.createImageUpload(CreateImageUploadRequest.newBuilder()
                .setTenantId(other.tenantId()).setContentType("image/png").build());
        put(theirs, TestImages.png());

        assertThatThrownBy(() -> complete(theirs.getKey()))
                .satisfies(e -> assertStatus(e, Status.Code.INVALID_ARGUMENT, "INVALID_ARGUMENT"));
    }

    @Test
    void uploadImage_sniffsTheTypeAndStoresTheBytes() {
        final Image image = owner.uploadImage(UploadImageRequest.newBuilder().setTenantId(seller.tenantId())
                .setData(ByteString.copyFrom(TestImages.jpeg())).build());

        assertThat(image.getContentType()).isEqualTo("image/jpeg");
        assertThat(image.getKey()).startsWith(seller.tenantId() + "/images/").endsWith(".jpg");
        assertThat(List.of(image.getWidth(), image.getHeight())).containsExactly(1, 1);
        assertThat(bucket.get(image.getKey())).hasValueSatisfying(
                b -> assertThat(b).isEqualTo(TestImages.jpeg()));
    }

    @Test
    void uploadImage_ofANonImageOrOversizedFile_isInvalidArgumentAndStoresNothing() {
        assertThatThrownBy(() -> owner.uploadImage(UploadImageRequest.newBuilder().setTenantId(seller.tenantId())
                .setData(ByteString.copyFromUtf8("%PDF-1.7 not an image")).build()))
                .satisfies(e -> assertThat(violation(e)).contains("not an image"));
        assertThatThrownBy(() -> owner.uploadImage(UploadImageRequest.newBuilder().setTenantId(seller.tenantId())
                .setData(ByteString.copyFrom(TestImages.pngOfSize(CatalogCoreTesting.MAX_IMAGE_BYTES + 1)))
                .build()))
                .satisfies(e -> assertStatus(e, Status.Code.INVALID_ARGUMENT, "INVALID_ARGUMENT"));
        assertThatThrownBy(() -> owner.uploadImage(UploadImageRequest.newBuilder().setTenantId(seller.tenantId())
                .setData(ByteString.copyFrom(jpegSignatureThenText())).build()))
                .satisfies(e -> assertThat(violation(e)).contains("image/jpeg").contains("cannot be read"));
    }

    @Test
    void uploads_needCatalogWrite() {
        final String viewer = cc.member(seller, Role.ROLE_VIEWER);
        assertThatThrownBy(() -> cc.client(ImageServiceBlockingStub.class, viewer).createImageUpload(
                CreateImageUploadRequest.newBuilder().setTenantId(seller.tenantId()).setContentType("image/png")
                                        .build()))
                .satisfies(e -> assertThat(((StatusRuntimeException) e).getStatus().getCode())
                        .isEqualTo(Status.Code.PERMISSION_DENIED));
    }

    @Test
    void productImages_byKey_areServedInTheStorefrontWithFetchableUrls() throws Exception {
        final Image image = owner.uploadImage(UploadImageRequest.newBuilder().setTenantId(seller.tenantId())
                .setData(ByteString.copyFrom(TestImages.png())).build());
        final ProductServiceBlockingStub products = cc.client(ProductServiceBlockingStub.class, seller.token());
        final Product created = products.createProduct(CreateProductRequest.newBuilder()
                .setTenantId(seller.tenantId())
                .setProduct(product("dyed").addImages(ProductImage.newBuilder().setKey(image.getKey())
                                                                  .setAltText("front"))
                                           .addImages(ProductImage.newBuilder()
                                                                  .setUrl("https://cdn.example/b.jpg")))
                .build());

        assertThat(created.getImages(0).getKey()).isEqualTo(image.getKey());
        assertThat(created.getImages(1).getKey()).isEmpty();
        assertThat(created.getImages(1).getUrl()).isEqualTo("https://cdn.example/b.jpg");
        final StorefrontProduct seen = cc.client(StorefrontServiceBlockingStub.class, null).getStorefrontProduct(
                GetStorefrontProductRequest.newBuilder().setTenantId(seller.tenantId())
                                           .setProduct(created.getSlug()).build());
        assertThat(seen.getImages(0).getAltText()).isEqualTo("front");
        assertThat(fetch(seen.getImages(0).getUrl())).isEqualTo(TestImages.png());
    }

    @Test
    void productImages_withAnUnknownKey_orNeitherKeyNorUrl_orAUrlOtherThanHttp_areInvalidArgument() {
        final ProductServiceBlockingStub products = cc.client(ProductServiceBlockingStub.class, seller.token());
        final String unknown = seller.tenantId() + "/images/" + UUID.randomUUID() + ".png";
        assertThatThrownBy(() -> products.createProduct(CreateProductRequest.newBuilder()
                .setTenantId(seller.tenantId())
                .setProduct(product("unknown").addImages(ProductImage.newBuilder().setKey(unknown))).build()))
                .satisfies(e -> assertThat(violationField(e)).isEqualTo("product.images[0].key"));
        assertThatThrownBy(() -> products.createProduct(CreateProductRequest.newBuilder()
                .setTenantId(seller.tenantId())
                .setProduct(product("empty").addImages(ProductImage.newBuilder().setAltText("x"))).build()))
                .satisfies(e -> assertThat(violationField(e)).isEqualTo("product.images[0]"));
        for (String url : List.of("javascript:alert(1)", "ftp://example.com/saree.jpg", "data:image/png;base64,AA")) {
            assertThatThrownBy(() -> products.createProduct(CreateProductRequest.newBuilder()
                    .setTenantId(seller.tenantId())
                    .setProduct(product("scheme").addImages(ProductImage.newBuilder().setUrl(url))).build()))
                    .as(url).satisfies(e -> assertThat(violationField(e)).isEqualTo("product.images[0].url"));
        }
        assertThat(products.createProduct(CreateProductRequest.newBuilder().setTenantId(seller.tenantId())
                .setProduct(product("hosted").addImages(ProductImage.newBuilder()
                                                                    .setUrl("https://cdn.example.com/saree.jpg")))
                .build()).getImages(0).getUrl()).isEqualTo("https://cdn.example.com/saree.jpg");
    }

    private static ImageUpload createUpload(String contentType) {
        return owner.createImageUpload(CreateImageUploadRequest.newBuilder().setTenantId(seller.tenantId())
                                                               .setContentType(contentType).build());
    }

    private static Image complete(String key) {
        return owner.completeImageUpload(CompleteImageUploadRequest.newBuilder().setTenantId(seller.tenantId())
                                                                   .setKey(key).build());
    }


    /** A PNG that passes the type check and fails the size check. */
    /** The three bytes JPEG files start with, then text: sniffs as a JPEG, but has no JPEG header. */
    private static byte[] jpegSignatureThenText() {
        final byte[] text = "then a letter, not a picture".getBytes(StandardCharsets.UTF_8);
        final byte[] file = Arrays.copyOf(new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff}, 3 + text.length);
        System.arraycopy(text, 0, file, 3, text.length);
        return file;
    }

    private static byte[] oversizedPng() {
        return TestImages.pngOfSize(CatalogCoreTesting.MAX_IMAGE_BYTES + 1);
    }

    private static byte[] oversizedNonImage() {
        return Arrays.copyOf("%PDF-1.7 not an image".getBytes(StandardCharsets.US_ASCII),
                             CatalogCoreTesting.MAX_IMAGE_BYTES + 1);
    }

    /** PUTs to the upload URL from inside the S3 server's handling of another request. */
    private static void putUnchecked(ImageUpload upload, byte[] bytes) {
        try {
            assertThat(put(upload, bytes)).isEqualTo(200);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int imageCount() {
        final UUID tenant = UUID.fromString(seller.tenantId());
        return cc.app.database().transactor().inTenant(tenant, h -> h.createQuery(
                "select count(*) from images where tenant_id = :tenant").bind("tenant", tenant)
                .mapTo(Integer.class).one());
    }

    /** The image at an image link, asked of catalog-core, which serves the public host's links. */
    private static byte[] fetch(String url) throws Exception {
        final var response = HTTP.send(HttpRequest.newBuilder(direct(url)).GET().build(),
                                       BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).as(url).isEqualTo(200);
        return response.body();
    }

    private static URI direct(String url) {
        final String link = CatalogCoreTesting.PUBLIC_BASE_URL + Images.LINK_PATH;
        assertThat(url).as("an image link on the public host").startsWith(link);
        return URI.create(cc.uri() + Images.LINK_PATH + url.substring(link.length()));
    }

    private static HttpResponse<Void> askLink(String path) throws Exception {
        return NO_REDIRECTS.send(HttpRequest.newBuilder(URI.create(cc.uri() + path)).GET().build(),
                                 BodyHandlers.discarding());
    }

    private static String violation(Throwable e) {
        return TenantCoreTesting.badRequest((StatusRuntimeException) e).getFieldViolations(0).getDescription();
    }

    private static String violationField(Throwable e) {
        return TenantCoreTesting.badRequest((StatusRuntimeException) e).getFieldViolations(0).getField();
    }
}
