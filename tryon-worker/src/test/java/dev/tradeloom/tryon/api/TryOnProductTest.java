package dev.tradeloom.tryon.api;

import static dev.tradeloom.tryon.TryOnWorkerTesting.assertStatus;
import static dev.tradeloom.tryon.TryOnWorkerTesting.requestId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.google.protobuf.ByteString;

import dev.tradeloom.catalog.CatalogCoreTesting;
import dev.tradeloom.catalog.CatalogCoreTesting.Seller;
import dev.tradeloom.catalog.v1.CreateProductRequest;
import dev.tradeloom.catalog.v1.Image;
import dev.tradeloom.catalog.v1.ImageServiceGrpc.ImageServiceBlockingStub;
import dev.tradeloom.catalog.v1.Money;
import dev.tradeloom.catalog.v1.Product;
import dev.tradeloom.catalog.v1.ProductImage;
import dev.tradeloom.catalog.v1.ProductServiceGrpc.ProductServiceBlockingStub;
import dev.tradeloom.catalog.v1.ProductStatus;
import dev.tradeloom.catalog.v1.UploadImageRequest;
import dev.tradeloom.platform.testing.Eventually;
import dev.tradeloom.tryon.TestPhotos;
import dev.tradeloom.tryon.TryOnWorkerTesting;
import dev.tradeloom.tryon.provider.OfflineTryOnProvider;
import dev.tradeloom.tryon.provider.TryOnInput;
import dev.tradeloom.tryon.v1.DeleteTryOnJobRequest;
import dev.tradeloom.tryon.v1.GarmentProduct;
import dev.tradeloom.tryon.v1.SubmitTryOnJobRequest;
import dev.tradeloom.tryon.v1.TryOnJob;
import dev.tradeloom.tryon.v1.TryOnJobState;
import dev.tradeloom.tryon.v1.TryOnServiceGrpc.TryOnServiceBlockingStub;
import dev.tradeloom.tryon.v1.WatchTryOnJobRequest;
import io.grpc.Status;

/** A product of a storefront tried on: its image comes from catalog-core and is never deleted here. */
class TryOnProductTest {
    private static CatalogCoreTesting catalog;
    private static TryOnWorkerTesting tw;
    private static Seller seller;
    private static ProductServiceBlockingStub products;

    @BeforeAll
    static void start() {
        catalog = new CatalogCoreTesting();
        tw = new TryOnWorkerTesting(catalog);
        seller = catalog.seller("weaver", "Varanasi", "en");
        products = catalog.client(ProductServiceBlockingStub.class, seller.token());
    }

    @AfterAll
    static void stop() {
        tw.close();
        catalog.close();
    }

    @Test
    void aProductIsTriedOnWithItsImage_andDeletingTheJobKeepsTheImage() throws Exception {
        final Image image = catalog.client(ImageServiceBlockingStub.class, seller.token()).uploadImage(
                UploadImageRequest.newBuilder().setTenantId(seller.tenantId())
                                  .setData(ByteString.copyFrom(TestPhotos.garment())).build());
        final Product product = product("kurta", ProductStatus.PRODUCT_STATUS_ACTIVE, image.getKey());
        final String buyer = tw.buyer();
        final TryOnServiceBlockingStub stub = tw.client(TryOnServiceBlockingStub.class, buyer);

        final TryOnJob submitted = stub.submitTryOnJob(request(buyer, product).build());
        assertThat(submitted.getGarmentPhotoKey()).isEqualTo(image.getKey());
        final List<TryOnJob> seen = new ArrayList<>();
        stub.watchTryOnJob(WatchTryOnJobRequest.newBuilder().setJobId(submitted.getId()).build())
            .forEachRemaining(seen::add);
        final TryOnJob done = seen.get(seen.size() - 1);
        assertThat(done.getState()).isEqualTo(TryOnJobState.TRY_ON_JOB_STATE_SUCCEEDED);
        final byte[] expected = new OfflineTryOnProvider().generate(new TryOnInput(
                new TryOnInput.Image(TestPhotos.person(), "image/png"),
                new TryOnInput.Image(TestPhotos.garment(), "image/png"))).bytes();
        assertThat(TryOnWorkerTesting.fetch(done.getResultUrl()).body()).isEqualTo(expected);

        stub.deleteTryOnJob(DeleteTryOnJobRequest.newBuilder().setJobId(done.getId()).build());
        Eventually.await(Duration.ofSeconds(30), "the person photo deleted",
                         () -> tw.app.store().head(submitted.getPersonPhotoKey()).isEmpty()
                               && TryOnWorkerTesting.fetch(done.getResultUrl()).statusCode() == 404);
        assertThat(tw.app.store().head(image.getKey())).as("the product's image").isPresent();
    }

    @Test
    void aProductTheStorefrontDoesNotShow_orWithoutAnUploadedImage_cannotBeTriedOn() {
        final String buyer = tw.buyer();
        final TryOnServiceBlockingStub stub = tw.client(TryOnServiceBlockingStub.class, buyer);
        final Product draft = product("draft", ProductStatus.PRODUCT_STATUS_DRAFT, null);
        assertThatThrownBy(() -> stub.submitTryOnJob(request(buyer, draft).build()))
                .satisfies(e -> assertStatus(e, Status.Code.NOT_FOUND, "PRODUCT_NOT_FOUND"));
        final Product bare = product("bare", ProductStatus.PRODUCT_STATUS_ACTIVE, null);
        assertThatThrownBy(() -> stub.submitTryOnJob(request(buyer, bare).build()))
                .satisfies(e -> assertStatus(e, Status.Code.FAILED_PRECONDITION, "PRODUCT_HAS_NO_IMAGE"));
        final SubmitTryOnJobRequest noGarment = request(buyer, bare).clearProduct().build();
        assertThatThrownBy(() -> stub.submitTryOnJob(noGarment))
                .satisfies(e -> assertThat(Status.fromThrowable(e).getCode())
                        .isEqualTo(Status.Code.INVALID_ARGUMENT))
                .hasMessageContaining("garment");
    }

    private static Product product(String slug, ProductStatus status, @Nullable String imageKey) {
        final Product.Builder product = Product.newBuilder()
                .setSku(slug.toUpperCase()).setSlug(slug).setName("Handloom " + slug).setStock(5).setStatus(status)
                .setPrice(Money.newBuilder().setAmountMinor(120_000).setCurrency("INR"));
        if (imageKey != null) {
            product.addImages(ProductImage.newBuilder().setKey(imageKey));
        }
        return products.createProduct(CreateProductRequest.newBuilder().setTenantId(seller.tenantId())
                                                          .setProduct(product).build());
    }

    private SubmitTryOnJobRequest.Builder request(String buyer, Product product) {
        return SubmitTryOnJobRequest.newBuilder().setRequestId(requestId())
                .setPersonPhotoKey(tw.upload(buyer, TestPhotos.person(), "image/png"))
                .setProduct(GarmentProduct.newBuilder().setTenantId(seller.tenantId()).setProductId(product.getId()));
    }
}
