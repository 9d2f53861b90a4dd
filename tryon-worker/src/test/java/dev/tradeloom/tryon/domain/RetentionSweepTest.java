package dev.tradeloom.tryon.domain;

import static dev.tradeloom.tryon.TryOnWorkerTesting.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.tradeloom.platform.testing.Eventually;
import dev.tradeloom.platform.testing.TestS3;
import dev.tradeloom.tryon.TestPhotos;
import dev.tradeloom.tryon.TryOnWorker;
import dev.tradeloom.tryon.TryOnWorkerTesting;
import dev.tradeloom.tryon.v1.GetTryOnJobRequest;
import dev.tradeloom.tryon.v1.SubmitTryOnJobRequest;
import dev.tradeloom.tryon.v1.TryOnJob;
import dev.tradeloom.tryon.v1.TryOnJobState;
import dev.tradeloom.tryon.v1.TryOnPhotoUpload;
import dev.tradeloom.tryon.v1.TryOnServiceGrpc.TryOnServiceBlockingStub;
import io.grpc.Status;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The retention sweep deletes every user's jobs past the retention period, with their photos and results,
 * and what expired photo uploads hold.
 */
class RetentionSweepTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static TryOnWorkerTesting tw;

    @BeforeAll
    static void start() {
        tw = new TryOnWorkerTesting();
    }

    @AfterAll
    static void stop() {
        tw.close();
    }

    @Test
    void sweep_deletesJobsPastRetention_withPhotosAndResults_andKeepsYoungerOnes() {
        // A sweep deletes every user's jobs: those other tests of the class left go first, so that what is
        // counted below is this test's two.
        sweep(Duration.ofMillis(1)).sweep();
        final List<Submitted> jobs = List.of(submitAndFinish(tw.buyer()), submitAndFinish(tw.buyer()));

        assertThat(sweep(Duration.ofHours(1)).sweep()).isZero();
        for (Submitted s : jobs) {
            assertThat(s.stub().getTryOnJob(get(s.job())).getState())
                    .isEqualTo(TryOnJobState.TRY_ON_JOB_STATE_SUCCEEDED);
        }

        assertThat(sweep(Duration.ofMillis(1)).sweep()).isEqualTo(2);
        for (Submitted s : jobs) {
            assertThatThrownBy(() -> s.stub().getTryOnJob(get(s.job())))
                    .satisfies(e -> assertStatus(e, Status.Code.NOT_FOUND, "TRYON_JOB_NOT_FOUND"));
            assertThat(tw.app.store().head(s.job().getPersonPhotoKey())).isEmpty();
            assertThat(tw.app.store().head(s.job().getGarmentPhotoKey())).isEmpty();
            assertThat(TryOnWorkerTesting.fetch(s.resultUrl()).statusCode()).isEqualTo(404);
        }
        assertThat(sweep(Duration.ofMillis(1)).sweep()).isZero();
    }

    @Test
    void sweep_whileTheStoreRefusesDeletes_keepsTheJob_andTheNextSweepDeletesItsPhotosAndResult() {
        final Submitted s = submitAndFinish(tw.buyer());
        TestS3.refuseDeletes(tw.storage, true);
        try {
            assertThatThrownBy(() -> sweep(Duration.ofMillis(1)).sweep()).isInstanceOf(SdkException.class);
        } finally {
            TestS3.refuseDeletes(tw.storage, false);
        }
        // Still there, so the next sweep finds it: its photos are not left behind for good.
        assertThat(s.stub().getTryOnJob(get(s.job())).getState())
                .isEqualTo(TryOnJobState.TRY_ON_JOB_STATE_SUCCEEDED);

        assertThat(sweep(Duration.ofMillis(1)).sweep()).isPositive();
        assertThatThrownBy(() -> s.stub().getTryOnJob(get(s.job())))
                .satisfies(e -> assertStatus(e, Status.Code.NOT_FOUND, "TRYON_JOB_NOT_FOUND"));
        assertThat(tw.app.store().head(s.job().getPersonPhotoKey())).isEmpty();
        assertThat(tw.app.store().head(s.job().getGarmentPhotoKey())).isEmpty();
        assertThat(TryOnWorkerTesting.fetch(s.resultUrl()).statusCode()).isEqualTo(404);
    }

    @Test
    void sweepUploads_deletesWhatExpiredUploadsHold_andKeepsThePhotosJobsRead() {
        final String buyer = tw.buyer();
        final TryOnServiceBlockingStub stub = tw.client(TryOnServiceBlockingStub.class, buyer);
        final TryOnPhotoUpload person = tw.createUpload(buyer, "image/png");
        final TryOnPhotoUpload garment = tw.createUpload(buyer, "image/png");
        assertThat(TryOnWorkerTesting.put(person, TestPhotos.person())).isEqualTo(200);
        assertThat(TryOnWorkerTesting.put(garment, TestPhotos.garment())).isEqualTo(200);
        final TryOnJob job = stub.submitTryOnJob(
                SubmitTryOnJobRequest.newBuilder().setRequestId(TryOnWorkerTesting.requestId())
                                     .setPersonPhotoKey(person.getKey()).setGarmentPhotoKey(garment.getKey())
                                     .build());
        // Written through a URL after its upload was submitted, and an upload never submitted.
        assertThat(TryOnWorkerTesting.put(person, TestPhotos.garment())).isEqualTo(200);
        final String neverSubmitted = tw.upload(buyer, TestPhotos.person(), "image/png");
        final Photos photos = TryOnWorker.photos(tw.app.database(), tw.app.store());

        assertThat(photos.sweepUploads(Instant.now())).as("URLs still valid").isZero();
        assertThat(tw.app.store().head(neverSubmitted)).isPresent();

        final Instant afterExpiry = Instant.now().plus(tw.storage.uploadTtl()).plusSeconds(60);
        assertThat(photos.sweepUploads(afterExpiry)).isGreaterThanOrEqualTo(3);
        assertThat(tw.app.store().head(person.getKey())).isEmpty();
        assertThat(tw.app.store().head(neverSubmitted)).isEmpty();
        assertThat(tw.app.store().get(job.getPersonPhotoKey())).hasValue(TestPhotos.person());
        assertThat(tw.app.store().get(job.getGarmentPhotoKey())).hasValue(TestPhotos.garment());
        assertThat(photos.sweepUploads(afterExpiry)).isZero();
    }

    @Test
    void sweepUploads_deletesACopyOfAPhotoThatNoJobWasQueuedWith() {
        final String buyer = tw.buyer();
        final String upload = tw.upload(buyer, TestPhotos.person(), "image/png");
        final UUID userId = UUID.fromString(upload.split("/")[1]);
        final Photos photos = TryOnWorker.photos(tw.app.database(), tw.app.store());
        // A submit checked and copied the photo, then went no further: its process died, say.
        final String copy = photos.accept("person_photo_key", userId, upload);
        assertThat(copy).isNotEqualTo(upload);
        assertThat(tw.app.store().head(copy)).isPresent();

        final Instant afterGrace = Instant.now().plus(photos.sweepGrace()).plusSeconds(60);
        assertThat(photos.sweepUploads(afterGrace)).isGreaterThanOrEqualTo(2);
        assertThat(tw.app.store().head(copy)).as("the copy no job names").isEmpty();
    }

    private record Submitted(TryOnServiceBlockingStub stub, TryOnJob job, String resultUrl) {}

    private static Submitted submitAndFinish(String token) {
        final TryOnServiceBlockingStub stub = tw.client(TryOnServiceBlockingStub.class, token);
        final TryOnJob job = stub.submitTryOnJob(tw.submitRequest(token));
        Eventually.await(WAIT, "job succeeded", () -> stub.getTryOnJob(get(job)).getState()
                                                      == TryOnJobState.TRY_ON_JOB_STATE_SUCCEEDED);
        final String url = stub.getTryOnJob(get(job)).getResultUrl();
        assertThat(TryOnWorkerTesting.fetch(url).statusCode()).isEqualTo(200);
        return new Submitted(stub, job, url);
    }

    private static RetentionSweep sweep(Duration retention) {
        final TryOnSettings settings = new TryOnSettings(20, 500, 3, retention, Duration.ofHours(1));
        final var config = new dev.tradeloom.tryon.TryOnWorkerConfig(
                0, tw.config.database(), tw.config.storage(), tw.config.jobs(), tw.config.jwksUrl(), settings,
                tw.config.gemini(), tw.config.catalogCoreUrl());
        return new RetentionSweep(tw.app.database().transactor(),
                                  TryOnWorker.jobs(tw.app.database(), tw.app.store(), config),
                                  TryOnWorker.photos(tw.app.database(), tw.app.store()), settings);
    }

    private static GetTryOnJobRequest get(TryOnJob job) {
        return GetTryOnJobRequest.newBuilder().setJobId(job.getId()).build();
    }
}
