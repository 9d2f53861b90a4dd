package dev.tradeloom.tryon.api;

import static dev.tradeloom.tryon.TryOnWorkerTesting.assertStatus;
import static dev.tradeloom.tryon.TryOnWorkerTesting.requestId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.tradeloom.platform.testing.TestS3;
import dev.tradeloom.tryon.TestPhotos;
import dev.tradeloom.tryon.TryOnWorkerTesting;
import dev.tradeloom.tryon.v1.ListTryOnJobsRequest;
import dev.tradeloom.tryon.v1.SubmitTryOnJobRequest;
import dev.tradeloom.tryon.v1.TryOnJob;
import dev.tradeloom.tryon.v1.TryOnPhotoUpload;
import dev.tradeloom.tryon.v1.TryOnServiceGrpc.TryOnServiceBlockingStub;
import io.grpc.Status;

/**
 * A photo uploaded through a presigned PUT is what a job reads, however the upload URL is used after the
 * submit checked it or while it does. No worker runs: the queue row keeps the payload the submit queued,
 * which a worker would drop on completing the job.
 */
class TryOnPhotoUploadTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TryOnWorkerTesting tw;

    @BeforeAll
    static void start() {
        tw = new TryOnWorkerTesting();
        tw.app.worker().close(Duration.ofSeconds(5));
    }

    @AfterAll
    static void stop() {
        tw.close();
    }

    @Test
    void submit_thenAPutToTheUploadUrl_leavesThePhotosTheJobReadsAsChecked() throws Exception {
        final String buyer = tw.buyer();
        final TryOnServiceBlockingStub stub = tw.client(TryOnServiceBlockingStub.class, buyer);
        final TryOnPhotoUpload person = tw.createUpload(buyer, "image/png");
        final TryOnPhotoUpload garment = tw.createUpload(buyer, "image/png");
        assertThat(put(person, TestPhotos.person())).isEqualTo(200);
        assertThat(put(garment, TestPhotos.garment())).isEqualTo(200);

        final TryOnJob job = stub.submitTryOnJob(request(person, garment));
        // The URLs are still valid: anything may be PUT through them now.
        assertThat(put(person, "not a photo at all".getBytes(StandardCharsets.UTF_8))).isEqualTo(200);
        assertThat(put(garment, TestPhotos.person())).isEqualTo(200);

        final Map<?, ?> work = queuedWork(job.getId());
        assertThat(work.get("personKey")).isEqualTo(job.getPersonPhotoKey());
        assertThat(work.get("garmentKey")).isEqualTo(job.getGarmentPhotoKey());
        assertThat(tw.app.store().get(job.getPersonPhotoKey())).hasValue(TestPhotos.person());
        assertThat(tw.app.store().get(job.getGarmentPhotoKey())).hasValue(TestPhotos.garment());
    }

    @Test
    void submit_deletesTheUploadedFiles() {
        final String buyer = tw.buyer();
        final TryOnServiceBlockingStub stub = tw.client(TryOnServiceBlockingStub.class, buyer);
        final TryOnPhotoUpload person = tw.createUpload(buyer, "image/png");
        final TryOnPhotoUpload garment = tw.createUpload(buyer, "image/png");
        assertThat(put(person, TestPhotos.person())).isEqualTo(200);
        assertThat(put(garment, TestPhotos.garment())).isEqualTo(200);

        final TryOnJob job = stub.submitTryOnJob(request(person, garment));

        assertThat(job.getPersonPhotoKey()).isNotEqualTo(person.getKey());
        assertThat(job.getGarmentPhotoKey()).isNotEqualTo(garment.getKey());
        assertThat(tw.app.store().head(person.getKey())).isEmpty();
        assertThat(tw.app.store().head(garment.getKey())).isEmpty();
    }

    @Test
    void submit_whenThePhotoIsReplacedAfterItsSizeIsRead_isAbortedAndQueuesNothing() {
        final String buyer = tw.buyer();
        final TryOnServiceBlockingStub stub = tw.client(TryOnServiceBlockingStub.class, buyer);
        final TryOnPhotoUpload person = tw.createUpload(buyer, "image/png");
        final TryOnPhotoUpload garment = tw.createUpload(buyer, "image/png");
        assertThat(put(person, TestPhotos.person())).isEqualTo(200);
        assertThat(put(garment, TestPhotos.garment())).isEqualTo(200);
        // Someone else's photo, of a type and size that would pass the checks on their own.
        final byte[] another = TestPhotos.png(64, 96, Color.BLUE);
        final long queued = queuedJobs();
        TestS3.afterNextHead(tw.storage, person.getKey(),
                             () -> assertThat(put(person, another)).isEqualTo(200));

        assertThatThrownBy(() -> stub.submitTryOnJob(request(person, garment)))
                .satisfies(e -> assertStatus(e, Status.Code.ABORTED, "PHOTO_UPLOAD_CHANGED"))
                .hasMessageContaining("person_photo_key")
                .hasMessageContaining("upload it again");

        assertThat(stub.listTryOnJobs(ListTryOnJobsRequest.getDefaultInstance()).getJobsList()).isEmpty();
        assertThat(queuedJobs()).isEqualTo(queued);
    }

    @Test
    void submit_whenThePhotoIsReplacedAfterItsTypeIsRead_isAbortedAndQueuesNothing() {
        final String buyer = tw.buyer();
        final TryOnServiceBlockingStub stub = tw.client(TryOnServiceBlockingStub.class, buyer);
        final TryOnPhotoUpload person = tw.createUpload(buyer, "image/png");
        final TryOnPhotoUpload garment = tw.createUpload(buyer, "image/png");
        assertThat(put(person, TestPhotos.person())).isEqualTo(200);
        assertThat(put(garment, TestPhotos.garment())).isEqualTo(200);
        final byte[] text = "not a photo at all".getBytes(StandardCharsets.UTF_8);
        final long queued = queuedJobs();
        TestS3.afterNextRead(tw.storage, garment.getKey(), () -> assertThat(put(garment, text)).isEqualTo(200));

        assertThatThrownBy(() -> stub.submitTryOnJob(request(person, garment)))
                .satisfies(e -> assertStatus(e, Status.Code.ABORTED, "PHOTO_UPLOAD_CHANGED"))
                .hasMessageContaining("garment_photo_key");

        assertThat(stub.listTryOnJobs(ListTryOnJobsRequest.getDefaultInstance()).getJobsList()).isEmpty();
        assertThat(queuedJobs()).isEqualTo(queued);
        assertThat(tw.app.store().get(garment.getKey())).as("the file now there, left for the next submit")
                                                        .hasValue(text);
    }

    private static int put(TryOnPhotoUpload upload, byte[] bytes) {
        return TryOnWorkerTesting.put(upload, bytes);
    }

    private static SubmitTryOnJobRequest request(TryOnPhotoUpload person, TryOnPhotoUpload garment) {
        return SubmitTryOnJobRequest.newBuilder().setRequestId(requestId()).setPersonPhotoKey(person.getKey())
                                    .setGarmentPhotoKey(garment.getKey()).build();
    }

    /** What the queue row of job {@code jobId} hands the worker. */
    private static Map<?, ?> queuedWork(String jobId) throws IOException {
        final String payload = tw.app.database().jdbi().withHandle(h -> h.createQuery("""
                select payload::text from jobs where queue = 'tryon' and dedup_key = :id""")
                .bind("id", jobId).mapTo(String.class).one());
        return JSON.readValue(payload, Map.class);
    }

    /** Try-on jobs in the queue, of every user. */
    private static long queuedJobs() {
        return tw.app.database().jdbi().withHandle(h -> h.createQuery(
                "select count(*) from jobs where queue = 'tryon'").mapTo(Long.class).one());
    }
}
