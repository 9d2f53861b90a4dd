package dev.tradeloom.tryon.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.tradeloom.platform.db.Scope;
import dev.tradeloom.platform.id.Uuid7;
import dev.tradeloom.platform.queue.Job;
import dev.tradeloom.platform.queue.JobFailure;
import dev.tradeloom.platform.queue.JobQueue;
import dev.tradeloom.platform.queue.NewJob;
import dev.tradeloom.platform.storage.ImageType;
import dev.tradeloom.tryon.TestPhotos;
import dev.tradeloom.tryon.TryOnWorker;
import dev.tradeloom.tryon.TryOnWorkerTesting;
import dev.tradeloom.tryon.provider.OfflineTryOnProvider;
import dev.tradeloom.tryon.provider.TryOnInput;
import dev.tradeloom.tryon.store.TryOnJobDao;
import dev.tradeloom.tryon.store.TryOnJobRow;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The job handler on jobs as a worker finds them after a claim: one queued before payloads carried the
 * photo keys, and one whose earlier attempt recorded its result but whose worker died before completing it.
 */
class TryOnRunnerTest {
    private static TryOnWorkerTesting tw;
    private static TryOnRunner runner;

    @BeforeAll
    static void start() {
        tw = new TryOnWorkerTesting();
        tw.app.worker().close(Duration.ofSeconds(5)); // The test hands the jobs to the runner itself.
        runner = TryOnWorker.runner(tw.app.database(), tw.app.store(), new OfflineTryOnProvider(),
                                    new SimpleMeterRegistry());
    }

    @AfterAll
    static void stop() {
        tw.close();
    }

    @Test
    void jobQueuedWithoutPhotoKeys_runsOnThePhotosOfItsRow() throws Exception {
        final UUID userId = UUID.randomUUID();
        final UUID jobId = Uuid7.next();
        final String payload = "{\"userId\":\"%s\",\"jobId\":\"%s\"}".formatted(userId, jobId);
        queueRunning(userId, jobId, payload, 1);

        runner.handle(new Job(UUID.randomUUID(), TryOnJobDao.QUEUE, jobId.toString(), null, payload, 1,
                              3));

        final String result = Photos.resultKey(userId, jobId, 1, "image/png");
        assertThat(row(userId, jobId).resultKey()).isEqualTo(result);
        assertThat(tw.app.store().get(result)).hasValue(expectedImage());
    }

    @Test
    void attemptAfterTheResultWasRecorded_keepsThatResult_andDiscardsItsOwn() throws Exception {
        final UUID userId = UUID.randomUUID();
        final UUID jobId = Uuid7.next();
        final TryOnJobs.Work work = queueRunning(userId, jobId, null, 1);
        final String first = Photos.resultKey(userId, jobId, 1, "image/png");
        tw.app.store().put(first, TestPhotos.person(), "image/png");
        final boolean recorded = tw.app.database().transactor().inTransaction(
                Scope.user(userId), h -> h.attach(TryOnJobDao.class).recordResult(userId, jobId, 1, first));
        assertThat(recorded).isTrue();
        // Attempt 1's worker dies before completing the job; its lease runs out and attempt 2 claims it.
        tw.setQueueRow(jobId.toString(), "running", 2);

        runner.handle(new Job(UUID.randomUUID(), TryOnJobDao.QUEUE, jobId.toString(), null, work.toJson(), 2,
                              3));

        assertThat(row(userId, jobId).resultKey()).isEqualTo(first);
        assertThat(tw.app.store().get(first)).hasValue(TestPhotos.person());
        assertThat(tw.app.store().head(Photos.resultKey(userId, jobId, 2, "image/png"))).isEmpty();
    }

    @Test
    void aPhotoGoneBeforeTheRun_failsTheJobForGood_sayingWhatToDoAboutIt() {
        final UUID userId = UUID.randomUUID();
        final UUID jobId = Uuid7.next();
        final TryOnJobs.Work work = queueRunning(userId, jobId, null, 1);
        tw.app.store().delete(work.personKey());
        assertThatThrownBy(() -> runner.handle(new Job(UUID.randomUUID(), TryOnJobDao.QUEUE, jobId.toString(),
                                                       null, work.toJson(), 1, 3)))
                .isInstanceOfSatisfying(JobFailure.class, f -> assertThat(f.permanent()).isTrue())
                .hasMessage("The photo of you was deleted before the try-on ran; upload it again and submit a "
                            + "new try-on.");

        // A product's image, which is no photo of the user's: its supplier removed it.
        final UUID productJobId = Uuid7.next();
        final TryOnJobs.Work ofProduct = queueRunning(userId, productJobId, null, 1);
        final String productImage = "images/" + UUID.randomUUID() + "/" + UUID.randomUUID() + ".png";
        final String payload = new TryOnJobs.Work(userId, productJobId, ofProduct.personKey(), productImage)
                .toJson();
        assertThatThrownBy(() -> runner.handle(new Job(UUID.randomUUID(), TryOnJobDao.QUEUE,
                                                       productJobId.toString(), null, payload, 1, 3)))
                .isInstanceOfSatisfying(JobFailure.class, f -> assertThat(f.permanent()).isTrue())
                .hasMessageContaining("The product's image was removed by its supplier");
    }

    /**
     * Stores a user's two photos and a job on them, queued with {@code payload} (the current payload when
     * null) and claimed by attempt {@code attempt}; returns the current payload.
     */
    private static TryOnJobs.Work queueRunning(UUID userId, UUID jobId, @Nullable String payload, int attempt) {
        final String person = Photos.newUploadKey(userId, ImageType.PNG);
        final String garment = Photos.newUploadKey(userId, ImageType.PNG);
        tw.app.store().put(person, TestPhotos.person(), "image/png");
        tw.app.store().put(garment, TestPhotos.garment(), "image/png");
        final TryOnJobs.Work work = new TryOnJobs.Work(userId, jobId, person, garment);
        final JobQueue queue = new JobQueue(tw.app.database().jdbi(), tw.app.database().schema());
        tw.app.database().transactor().inTransaction(Scope.user(userId), h -> {
            h.attach(TryOnJobDao.class).insert(userId, jobId, UUID.randomUUID(), null, person, garment);
            return queue.enqueue(h, new NewJob(TryOnJobDao.QUEUE, jobId.toString(),
                                               payload != null ? payload : work.toJson(), null, null, 3));
        });
        tw.setQueueRow(jobId.toString(), "running", attempt);
        return work;
    }

    private static TryOnJobRow row(UUID userId, UUID jobId) {
        return tw.app.database().transactor().inTransaction(
                Scope.user(userId), h -> h.attach(TryOnJobDao.class).find(userId, jobId).orElseThrow());
    }

    private static byte[] expectedImage() throws Exception {
        return new OfflineTryOnProvider().generate(new TryOnInput(
                new TryOnInput.Image(TestPhotos.person(), "image/png"),
                new TryOnInput.Image(TestPhotos.garment(), "image/png"))).bytes();
    }
}
