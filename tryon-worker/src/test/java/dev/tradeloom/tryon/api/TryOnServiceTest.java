package dev.tradeloom.tryon.api;

import static dev.tradeloom.tryon.TryOnWorkerTesting.assertStatus;
import static dev.tradeloom.tryon.TryOnWorkerTesting.requestId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.tradeloom.platform.storage.TestImages;
import dev.tradeloom.platform.testing.Eventually;
import dev.tradeloom.platform.testing.TestS3;
import dev.tradeloom.tryon.TestPhotos;
import dev.tradeloom.tryon.TryOnWorkerTesting;
import dev.tradeloom.tryon.domain.DeletedJobObjects;
import dev.tradeloom.tryon.domain.TryOnSettings;
import dev.tradeloom.tryon.provider.OfflineTryOnProvider;
import dev.tradeloom.tryon.provider.TryOnInput;
import dev.tradeloom.tryon.v1.DeleteTryOnJobRequest;
import dev.tradeloom.tryon.v1.GetTryOnJobRequest;
import dev.tradeloom.tryon.v1.ListTryOnJobsRequest;
import dev.tradeloom.tryon.v1.ListTryOnJobsResponse;
import dev.tradeloom.tryon.v1.SubmitTryOnJobRequest;
import dev.tradeloom.tryon.v1.TryOnJob;
import dev.tradeloom.tryon.v1.TryOnJobState;
import dev.tradeloom.tryon.v1.TryOnServiceGrpc.TryOnServiceBlockingStub;
import dev.tradeloom.tryon.v1.WatchTryOnJobRequest;
import io.grpc.Status;

/** Submitting, reading, following and deleting try-on jobs with the offline provider, through real stubs. */
class TryOnServiceTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static TryOnWorkerTesting tw;

    @BeforeAll
    static void start() {
        tw = new TryOnWorkerTesting(new OfflineTryOnProvider(),
                                    new TryOnSettings(4, 500, 3, Duration.ofDays(7), Duration.ofHours(1)),
                                    TryOnWorkerTesting.FAST_JOBS);
    }

    @AfterAll
    static void stop() {
        tw.close();
    }

    @Test
    void submit_thenWatch_followsTheJobToSucceeded_andTheResultUrlServesTheComposite() throws Exception {
        final String buyer = tw.buyer();
        final TryOnServiceBlockingStub stub = tw.client(TryOnServiceBlockingStub.class, buyer);
        final TryOnJob submitted = stub.submitTryOnJob(submit(buyer).build());
        assertThat(submitted.getState()).isIn(TryOnJobState.TRY_ON_JOB_STATE_QUEUED,
                                              TryOnJobState.TRY_ON_JOB_STATE_RUNNING,
                                              TryOnJobState.TRY_ON_JOB_STATE_SUCCEEDED);

        final List<TryOnJob> seen = new ArrayList<>();
        stub.watchTryOnJob(WatchTryOnJobRequest.newBuilder().setJobId(submitted.getId()).build())
            .forEachRemaining(seen::add);
        final TryOnJob done = seen.get(seen.size() - 1);
        assertThat(done.getState()).isEqualTo(TryOnJobState.TRY_ON_JOB_STATE_SUCCEEDED);
        assertThat(seen).extracting(TryOnJob::getState).doesNotHaveDuplicates();
        assertThat(done.getAttempts()).isEqualTo(1);

        final HttpResponse<byte[]> image = TryOnWorkerTesting.fetch(done.getResultUrl());
        assertThat(image.statusCode()).isEqualTo(200);
        final byte[] expected = new OfflineTryOnProvider().generate(new TryOnInput(
                new TryOnInput.Image(TestPhotos.person(), "image/png"),
                new TryOnInput.Image(TestPhotos.garment(), "image/png"))).bytes();
        assertThat(image.body()).isEqualTo(expected);
        assertThat(TryOnWorkerTesting.unsigned(stub.getTryOnJob(get(done.getId()))))
                .isEqualTo(TryOnWorkerTesting.unsigned(done));
    }

    @Test
    void watch_ofAnEndedJob_sendsItOnceAndEnds() {
        final String buyer = tw.buyer();
        final TryOnServiceBlockingStub stub = tw.client(TryOnServiceBlockingStub.class, buyer);
        final TryOnJob job = stub.submitTryOnJob(submit(buyer).build());
        Eventually.await(WAIT, "job succeeded", () -> stub.getTryOnJob(get(job.getId())).getState()
                                                      == TryOnJobState.TRY_ON_JOB_STATE_SUCCEEDED);
        final Iterator<TryOnJob> watch = stub.watchTryOnJob(
                WatchTryOnJobRequest.newBuilder().setJobId(job.getId()).build());
        assertThat(watch.next().getState()).isEqualTo(TryOnJobState.TRY_ON_JOB_STATE_SUCCEEDED);
        assertThat(watch.hasNext()).isFalse();
    }

    @Test
    void watch_ofAnotherUsersJob_isNotFound() {
        final String owner = tw.buyer();
        final TryOnJob job = tw.client(TryOnServiceBlockingStub.class, owner).submitTryOnJob(submit(owner).build());
        final TryOnServiceBlockingStub other = tw.client(TryOnServiceBlockingStub.class, tw.buyer());
        assertThatThrownBy(() -> other.watchTryOnJob(WatchTryOnJobRequest.newBuilder().setJobId(job.getId())
                                                                         .build()).next())
                .satisfies(e -> assertStatus(e, Status.Code.NOT_FOUND, "TRYON_JOB_NOT_FOUND"));
        assertThatThrownBy(() -> other.getTryOnJob(get(job.getId())))
                .satisfies(e -> assertStatus(e, Status.Code.NOT_FOUND, "TRYON_JOB_NOT_FOUND"));
    }

    @Test
    void submit_sameRequestIdTwice_returnsTheFirstJob_andCountsOnce() {
        final String buyer = tw.buyer();
        final TryOnServiceBlockingStub stub = tw.client(TryOnServiceBlockingStub.class, buyer);
        final SubmitTryOnJobRequest request = submit(buyer).build();
        final TryOnJob first = stub.submitTryOnJob(request);
        final TryOnJob replay = stub.submitTryOnJob(request);
        assertThat(replay.getId()).isEqualTo(first.getId());
        final ListTryOnJobsResponse mine = stub.listTryOnJobs(ListTryOnJobsRequest.getDefaultInstance());
        assertThat(mine.getJobsList()).extracting(TryOnJob::getId).containsExactly(first.getId());
        // The quota (4 a day) counted the first only: three more fit, the fifth does not.
        for (int i = 0; i < 3; i++) {
            stub.submitTryOnJob(submit(buyer).build());
        }
        assertThatThrownBy(() -> stub.submitTryOnJob(submit(buyer).build()))
                .satisfies(e -> assertStatus(e, Status.Code.RESOURCE_EXHAUSTED, "TRYON_USER_QUOTA"));
    }

    @Test
    void submit_withAnotherUsersPhoto_orNothingUploaded_orNotAnImage_isInvalidArgument() {
        final String owner = tw.buyer();
        final String theirs = tw.upload(owner, TestPhotos.person(), "image/png");
        final String buyer = tw.buyer();
        final TryOnServiceBlockingStub stub = tw.client(TryOnServiceBlockingStub.class, buyer);
        final String garment = tw.upload(buyer, TestPhotos.garment(), "image/png");
        assertThatThrownBy(() -> stub.submitTryOnJob(request(theirs, garment).build()))
                .satisfies(e -> assertStatus(e, Status.Code.INVALID_ARGUMENT, "INVALID_ARGUMENT"))
                .hasMessageContaining("person_photo_key");

        final String neverPut = garment.replace(garment.substring(garment.lastIndexOf('/') + 1), "0123.png");
        assertThatThrownBy(() -> stub.submitTryOnJob(request(garment, neverPut).build()))
                .satisfies(e -> assertStatus(e, Status.Code.INVALID_ARGUMENT, "INVALID_ARGUMENT"))
                .hasMessageContaining("nothing was uploaded");

        final String text = tw.upload(buyer, "not a photo at all".getBytes(), "image/jpeg");
        assertThatThrownBy(() -> stub.submitTryOnJob(request(text, garment).build()))
                .satisfies(e -> assertStatus(e, Status.Code.INVALID_ARGUMENT, "INVALID_ARGUMENT"))
                .hasMessageContaining("not an image");

        final byte[] signatureOnly = Arrays.copyOf(new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff}, 64);
        final String damaged = tw.upload(buyer, signatureOnly, "image/jpeg");
        assertThatThrownBy(() -> stub.submitTryOnJob(request(damaged, garment).build()))
                .satisfies(e -> assertStatus(e, Status.Code.INVALID_ARGUMENT, "INVALID_ARGUMENT"))
                .hasMessageContaining("person_photo_key").hasMessageContaining("header cannot be read");
        assertThat(stub.listTryOnJobs(ListTryOnJobsRequest.getDefaultInstance()).getJobsList()).isEmpty();
    }

    @Test
    void submit_withoutSignIn_isUnauthenticated_andBadRequestId_isInvalidArgument() {
        final TryOnServiceBlockingStub guest = tw.client(TryOnServiceBlockingStub.class, null);
        assertThatThrownBy(() -> guest.submitTryOnJob(SubmitTryOnJobRequest.newBuilder().setRequestId(requestId())
                                                                           .setPersonPhotoKey("a")
                                                                           .setGarmentPhotoKey("b").build()))
                .satisfies(e -> assertStatus(e, Status.Code.UNAUTHENTICATED, "SIGN_IN_REQUIRED"));
        final TryOnServiceBlockingStub stub = tw.client(TryOnServiceBlockingStub.class, tw.buyer());
        assertThatThrownBy(() -> stub.submitTryOnJob(SubmitTryOnJobRequest.newBuilder().setRequestId("nope")
                                                                          .setPersonPhotoKey("a")
                                                                          .setGarmentPhotoKey("b").build()))
                .satisfies(e -> assertThat(((io.grpc.StatusRuntimeException) e).getStatus().getCode())
                        .isEqualTo(Status.Code.INVALID_ARGUMENT))
                .hasMessageContaining("request_id");
    }

    @Test
    void list_showsOnlyTheCallersJobs_newestFirst_inPages() {
        final String buyer = tw.buyer();
        final TryOnServiceBlockingStub stub = tw.client(TryOnServiceBlockingStub.class, buyer);
        final TryOnJob a = stub.submitTryOnJob(submit(buyer).build());
        final TryOnJob b = stub.submitTryOnJob(submit(buyer).build());
        final TryOnJob c = stub.submitTryOnJob(submit(buyer).build());
        final String other = tw.buyer();
        tw.client(TryOnServiceBlockingStub.class, other).submitTryOnJob(submit(other).build());

        final ListTryOnJobsResponse page1 = stub.listTryOnJobs(ListTryOnJobsRequest.newBuilder().setPageSize(2)
                                                                                   .build());
        assertThat(page1.getJobsList()).extracting(TryOnJob::getId).containsExactly(c.getId(), b.getId());
        final ListTryOnJobsResponse page2 = stub.listTryOnJobs(ListTryOnJobsRequest.newBuilder().setPageSize(2)
                .setPageToken(page1.getNextPageToken()).build());
        assertThat(page2.getJobsList()).extracting(TryOnJob::getId).containsExactly(a.getId());
        assertThat(page2.getNextPageToken()).isEmpty();
    }

    @Test
    void delete_removesTheJobItsPhotosAndItsResult() {
        final String buyer = tw.buyer();
        final TryOnServiceBlockingStub stub = tw.client(TryOnServiceBlockingStub.class, buyer);
        final TryOnJob job = succeeded(stub, buyer);
        assertThat(TryOnWorkerTesting.fetch(job.getResultUrl()).statusCode()).isEqualTo(200);

        stub.deleteTryOnJob(DeleteTryOnJobRequest.newBuilder().setJobId(job.getId()).build());
        assertThatThrownBy(() -> stub.getTryOnJob(get(job.getId())))
                .satisfies(e -> assertStatus(e, Status.Code.NOT_FOUND, "TRYON_JOB_NOT_FOUND"));
        // The files go just after, through the queue.
        awaitFilesDeleted(job);
    }

    @Test
    void delete_whileTheStoreRefusesDeletes_succeeds_andTheFilesGoOnceTheStoreTakesThem() {
        final String buyer = tw.buyer();
        final TryOnServiceBlockingStub stub = tw.client(TryOnServiceBlockingStub.class, buyer);
        final TryOnJob job = succeeded(stub, buyer);

        TestS3.refuseDeletes(tw.storage, true);
        try {
            stub.deleteTryOnJob(DeleteTryOnJobRequest.newBuilder().setJobId(job.getId()).build());
            assertThatThrownBy(() -> stub.getTryOnJob(get(job.getId())))
                    .satisfies(e -> assertStatus(e, Status.Code.NOT_FOUND, "TRYON_JOB_NOT_FOUND"));
            Eventually.await(WAIT, "the deletion of the files refused, and waiting to be tried again",
                             () -> deletionAttempts(job) >= 2);
            assertThat(tw.app.store().head(job.getPersonPhotoKey())).as("the person photo, for now").isPresent();
        } finally {
            TestS3.refuseDeletes(tw.storage, false);
        }
        awaitFilesDeleted(job);
    }

    /** A job of {@code buyer}'s, submitted and run to success. */
    private TryOnJob succeeded(TryOnServiceBlockingStub stub, String buyer) {
        final TryOnJob job = stub.submitTryOnJob(submit(buyer).build());
        Eventually.await(WAIT, "job succeeded", () -> stub.getTryOnJob(get(job.getId())).getState()
                                                      == TryOnJobState.TRY_ON_JOB_STATE_SUCCEEDED);
        return stub.getTryOnJob(get(job.getId()));
    }

    /** Waits until the photos and the result of the deleted {@code job} are gone from the store. */
    private static void awaitFilesDeleted(TryOnJob job) {
        Eventually.await(WAIT, "the job's files deleted",
                         () -> tw.app.store().head(job.getPersonPhotoKey()).isEmpty()
                               && tw.app.store().head(job.getGarmentPhotoKey()).isEmpty()
                               && TryOnWorkerTesting.fetch(job.getResultUrl()).statusCode() == 404);
    }

    /** How many times the deletion of {@code job}'s files has been tried. */
    private static int deletionAttempts(TryOnJob job) {
        return tw.app.database().jdbi().withHandle(h -> h.createQuery(
                        "select attempts from jobs where queue = :queue and dedup_key = :key")
                .bind("queue", DeletedJobObjects.QUEUE).bind("key", "deleted:" + job.getId())
                .mapTo(Integer.class).findOne().orElse(0));
    }

    @Test
    void delete_keepsPhotosAnotherJobStillUses() {
        final String buyer = tw.buyer();
        final TryOnServiceBlockingStub stub = tw.client(TryOnServiceBlockingStub.class, buyer);
        final TryOnJob first = stub.submitTryOnJob(submit(buyer).build());
        // The photo a job returns can be tried on again; its upload is gone.
        final String person = first.getPersonPhotoKey();
        final TryOnJob second = stub.submitTryOnJob(request(person, tw.upload(buyer, TestPhotos.garment(),
                                                                              "image/png")).build());
        stub.deleteTryOnJob(DeleteTryOnJobRequest.newBuilder().setJobId(first.getId()).build());
        Eventually.await(WAIT, "the first job's own photo deleted",
                         () -> tw.app.store().head(first.getGarmentPhotoKey()).isEmpty());
        assertThat(tw.app.store().get(person)).hasValue(TestPhotos.person());
        assertThat(stub.getTryOnJob(get(second.getId())).getPersonPhotoKey()).isEqualTo(person);
    }

    @Test
    void submit_ofAnUploadAJobWasSubmittedWith_isInvalidArgument_andOfThatJobsPhoto_isQueued() {
        final String buyer = tw.buyer();
        final TryOnServiceBlockingStub stub = tw.client(TryOnServiceBlockingStub.class, buyer);
        final String person = tw.upload(buyer, TestPhotos.person(), "image/png");
        final TryOnJob first = stub.submitTryOnJob(request(person, tw.upload(buyer, TestPhotos.garment(),
                                                                             "image/png")).build());
        assertThatThrownBy(() -> stub.submitTryOnJob(request(person, first.getGarmentPhotoKey()).build()))
                .satisfies(e -> assertStatus(e, Status.Code.INVALID_ARGUMENT, "INVALID_ARGUMENT"))
                .hasMessageContaining("person_photo_key")
                .hasMessageContaining("the photo key the job returned");

        final TryOnJob again = stub.submitTryOnJob(
                request(first.getPersonPhotoKey(), first.getGarmentPhotoKey()).build());
        assertThat(again.getPersonPhotoKey()).isEqualTo(first.getPersonPhotoKey());
        assertThat(again.getGarmentPhotoKey()).isEqualTo(first.getGarmentPhotoKey());
        final String theirs = stub.submitTryOnJob(submit(buyer).build()).getPersonPhotoKey();
        final TryOnServiceBlockingStub other = tw.client(TryOnServiceBlockingStub.class, tw.buyer());
        assertThatThrownBy(() -> other.submitTryOnJob(request(theirs, theirs).build()))
                .satisfies(e -> assertStatus(e, Status.Code.INVALID_ARGUMENT, "INVALID_ARGUMENT"))
                .hasMessageContaining("is not one of your photos");
    }

    @Test
    void upload_acceptsOnlyImageTypes() {
        final String buyer = tw.buyer();
        final String key = tw.upload(buyer, TestImages.jpeg(), "image/jpeg");
        assertThat(key).startsWith("tryon/").endsWith(".jpg");
        final TryOnServiceBlockingStub stub = tw.client(TryOnServiceBlockingStub.class, buyer);
        assertThatThrownBy(() -> stub.createTryOnPhotoUpload(
                dev.tradeloom.tryon.v1.CreateTryOnPhotoUploadRequest.newBuilder().setContentType("text/html")
                                                                    .build()))
                .hasMessageContaining("content_type");
    }

    private SubmitTryOnJobRequest.Builder submit(String token) {
        return request(tw.upload(token, TestPhotos.person(), "image/png"),
                       tw.upload(token, TestPhotos.garment(), "image/png"));
    }

    private static SubmitTryOnJobRequest.Builder request(String person, String garment) {
        return SubmitTryOnJobRequest.newBuilder().setRequestId(requestId()).setPersonPhotoKey(person)
                                    .setGarmentPhotoKey(garment);
    }

    private static GetTryOnJobRequest get(String id) {
        return GetTryOnJobRequest.newBuilder().setJobId(id).build();
    }

    static String randomId() {
        return UUID.randomUUID().toString();
    }
}
