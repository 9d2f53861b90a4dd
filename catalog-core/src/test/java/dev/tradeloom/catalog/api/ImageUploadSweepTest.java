package dev.tradeloom.catalog.api;

import static dev.tradeloom.catalog.api.CatalogAssertions.assertStatus;
import static dev.tradeloom.catalog.api.PresignedUploads.put;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.tradeloom.catalog.CatalogCoreTesting;
import dev.tradeloom.catalog.CatalogCoreTesting.Seller;
import dev.tradeloom.catalog.v1.CompleteImageUploadRequest;
import dev.tradeloom.catalog.v1.CreateImageUploadRequest;
import dev.tradeloom.catalog.v1.Image;
import dev.tradeloom.catalog.v1.ImageServiceGrpc.ImageServiceBlockingStub;
import dev.tradeloom.catalog.v1.ImageUpload;
import dev.tradeloom.platform.storage.ObjectStore;
import dev.tradeloom.platform.storage.TestImages;
import io.grpc.Status;

/**
 * Presigned uploads that are never completed: their files are deleted by the sweep once the URL expired
 * more than the upload TTL (the grace) ago, and nothing else is. Sweeps run as if at a given instant, so
 * no test waits for an expiry.
 */
class ImageUploadSweepTest {

    private static CatalogCoreTesting cc;
    private static Seller seller;
    private static ImageServiceBlockingStub owner;
    private static ObjectStore bucket;
    private static Duration grace;

    @BeforeAll
    static void start() {
        cc = new CatalogCoreTesting();
        seller = cc.seller("weaver", "Varanasi", "en");
        owner = cc.client(ImageServiceBlockingStub.class, seller.token());
        bucket = ObjectStore.start(cc.storage);
        grace = cc.storage.uploadTtl();
    }

    @AfterAll
    static void stop() {
        bucket.close();
        cc.close();
    }

    @Test
    void createUpload_remembersItAsPending() {
        final ImageUpload upload = createUpload();

        assertThat(pending(upload.getKey())).isTrue();
    }

    @Test
    void abandonedUpload_afterExpiryAndGrace_isDeletedWithItsRow() throws Exception {
        final ImageUpload upload = createUpload();
        assertThat(put(upload, TestImages.png())).isEqualTo(200);
        assertThat(bucket.head(upload.getKey())).isPresent();

        assertThat(cc.sweepUploads(expiry(upload).plus(grace).plusSeconds(1))).isPositive();

        assertThat(bucket.head(upload.getKey())).isEmpty();
        assertThat(pending(upload.getKey())).isFalse();
        assertThat(cc.sweepUploads(expiry(upload).plus(grace).plusSeconds(1))).as("sweeping again").isZero();
        assertThatThrownBy(() -> complete(upload.getKey()))
                .satisfies(e -> assertStatus(e, Status.Code.FAILED_PRECONDITION, "IMAGE_NOT_UPLOADED"));
        assertThat(recorded(upload.getKey())).isFalse();
    }

    @Test
    void abandonedUpload_neverPut_isForgotten() {
        final ImageUpload upload = createUpload();

        cc.sweepUploads(expiry(upload).plus(grace).plusSeconds(1));

        assertThat(pending(upload.getKey())).isFalse();
    }

    @Test
    void upload_notExpiredOrWithinGrace_isLeftAlone() throws Exception {
        final ImageUpload upload = createUpload();
        put(upload, TestImages.png());

        cc.sweepUploads(Instant.now());
        cc.sweepUploads(expiry(upload).plusSeconds(1));
        cc.sweepUploads(expiry(upload).plus(grace).minusSeconds(1));

        assertThat(bucket.head(upload.getKey())).isPresent();
        assertThat(pending(upload.getKey())).isTrue();
        assertThat(complete(upload.getKey()).getSizeBytes()).as("still completable")
                                                           .isEqualTo(TestImages.png().length);
    }

    @Test
    void completedUpload_keepsItsImage_andWhatIsPutToItsUrlLaterIsSwept() throws Exception {
        final ImageUpload upload = createUpload();
        put(upload, TestImages.png());
        final Image image = complete(upload.getKey());
        assertThat(pending(upload.getKey())).as("pending while its URL may still write").isTrue();
        assertThat(put(upload, "written after completion".getBytes(StandardCharsets.UTF_8))).isEqualTo(200);

        assertThat(cc.sweepUploads(expiry(upload).plus(grace).plusSeconds(1))).isPositive();

        assertThat(bucket.head(upload.getKey())).isEmpty();
        assertThat(pending(upload.getKey())).isFalse();
        assertThat(bucket.get(image.getKey())).hasValueSatisfying(
                b -> assertThat(b).isEqualTo(TestImages.png()));
        assertThat(recorded(image.getKey())).isTrue();
        assertThat(complete(upload.getKey()).getId()).isEqualTo(image.getId());
    }

    @Test
    void uploadRejectedOnCompletion_isDeleted_andWhatIsPutToItsUrlLaterIsSwept() throws Exception {
        final ImageUpload upload = createUpload();
        put(upload, "not a picture".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> complete(upload.getKey()))
                .satisfies(e -> assertStatus(e, Status.Code.INVALID_ARGUMENT, "INVALID_ARGUMENT"));
        assertThat(bucket.head(upload.getKey())).isEmpty();
        assertThat(put(upload, "still not a picture".getBytes(StandardCharsets.UTF_8))).isEqualTo(200);

        assertThat(cc.sweepUploads(expiry(upload).plus(grace).plusSeconds(1))).isPositive();

        assertThat(bucket.head(upload.getKey())).isEmpty();
        assertThat(pending(upload.getKey())).isFalse();
    }

    @Test
    void sweepsAtOnce_onSeveralReplicas_deleteEachUploadOnceAndNeitherFails() throws Exception {
        final List<ImageUpload> uploads = Stream.generate(ImageUploadSweepTest::createUpload).limit(5).toList();
        for (ImageUpload upload : uploads) {
            put(upload, TestImages.png());
        }
        final Instant later = expiry(uploads.get(uploads.size() - 1)).plus(grace).plusSeconds(1);

        final var first = CompletableFuture.supplyAsync(() -> cc.sweepUploads(later));
        final var second = CompletableFuture.supplyAsync(() -> cc.sweepUploads(later));

        assertThat(first.join() + second.join()).isGreaterThanOrEqualTo(uploads.size());
        for (ImageUpload upload : uploads) {
            assertThat(bucket.head(upload.getKey())).as(upload.getKey()).isEmpty();
            assertThat(pending(upload.getKey())).as(upload.getKey()).isFalse();
        }
    }

    private static Instant expiry(ImageUpload upload) {
        return Instant.ofEpochSecond(upload.getExpireTime().getSeconds(), upload.getExpireTime().getNanos());
    }

    private static boolean pending(String key) {
        return count("image_uploads", key) > 0;
    }

    private static boolean recorded(String key) {
        return count("images", key) > 0;
    }

    private static int count(String table, String key) {
        final UUID tenant = UUID.fromString(seller.tenantId());
        return cc.app.database().transactor().inTenant(tenant, h -> h.createQuery(
                "select count(*) from " + table + " where tenant_id = :tenant and key = :key")
                .bind("tenant", tenant).bind("key", key).mapTo(Integer.class).one());
    }

    private static ImageUpload createUpload() {
        return owner.createImageUpload(CreateImageUploadRequest.newBuilder().setTenantId(seller.tenantId())
                                                               .setContentType("image/png").build());
    }

    private static Image complete(String key) {
        return owner.completeImageUpload(CompleteImageUploadRequest.newBuilder().setTenantId(seller.tenantId())
                                                                   .setKey(key).build());
    }
}
