package dev.tradeloom.tryon.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.nimbusds.jwt.SignedJWT;

import dev.tradeloom.platform.queue.QueueWorker;
import dev.tradeloom.platform.queue.QueueWorkerSettings;
import dev.tradeloom.platform.testing.Eventually;
import dev.tradeloom.tryon.GatedProvider;
import dev.tradeloom.tryon.TestPhotos;
import dev.tradeloom.tryon.TryOnWorker;
import dev.tradeloom.tryon.TryOnWorkerTesting;
import dev.tradeloom.tryon.provider.OfflineTryOnProvider;
import dev.tradeloom.tryon.provider.TryOnInput;
import dev.tradeloom.tryon.store.TryOnJobDao;
import dev.tradeloom.tryon.v1.GetTryOnJobRequest;
import dev.tradeloom.tryon.v1.TryOnJob;
import dev.tradeloom.tryon.v1.TryOnJobState;
import dev.tradeloom.tryon.v1.TryOnServiceGrpc.TryOnServiceBlockingStub;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * A worker that dies mid-job (stopped while its image is being generated, so it neither completes nor
 * heartbeats) loses the job when its lease runs out; a second worker runs it to the end, and when the
 * first one's generation finally returns, its late result is fenced out and deleted: one completion, one
 * result object.
 */
class LeaseExpiryTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** Deaf to the interrupt of worker A's close, which would otherwise end A's attempt as failed at once. */
    private static final GatedProvider STALLED = GatedProvider.deafToInterrupts();
    private static TryOnWorkerTesting tw;

    @BeforeAll
    static void start() {
        // Short, for worker B to find the lease expired soon; not so short that a pause of worker A (beats every
        // second) lets its lease expire while it runs, and A claim the job again before the test stops it.
        tw = new TryOnWorkerTesting(STALLED, TryOnWorkerTesting.SETTINGS,
                                    TryOnWorkerTesting.FAST_JOBS.withLease(Duration.ofSeconds(3)));
    }

    @AfterAll
    static void stop() {
        STALLED.open();
        tw.close();
    }

    @Test
    void workerThatDiesMidJob_losesItToAnother_whichCompletesItOnce_withOneResultObject() throws Exception {
        final String buyer = tw.buyer();
        final UUID userId = UUID.fromString(SignedJWT.parse(buyer).getJWTClaimsSet().getSubject());
        final TryOnServiceBlockingStub stub = tw.client(TryOnServiceBlockingStub.class, buyer);
        final TryOnJob job = stub.submitTryOnJob(tw.submitRequest(buyer));
        STALLED.awaitEntered(WAIT);
        tw.app.worker().close(Duration.ofMillis(50)); // Worker A stops heartbeating, its job still running.
        // As if A had also stored its image before dying: B's success must remove it.
        final UUID jobId = UUID.fromString(job.getId());
        final String leftByA = Photos.resultKey(userId, jobId, 1, "image/png");
        tw.app.store().put(leftByA, TestPhotos.person(), "image/png");

        final SimpleMeterRegistry registryB = new SimpleMeterRegistry();
        final QueueWorkerSettings settingsB = TryOnWorkerTesting.FAST_JOBS;
        try (QueueWorker b = QueueWorker.start(
                tw.app.database(),
                Map.of(TryOnJobDao.QUEUE, TryOnWorker.runner(tw.app.database(), tw.app.store(),
                                                             new OfflineTryOnProvider(), registryB)),
                settingsB, registryB)) {
            final GetTryOnJobRequest get = GetTryOnJobRequest.newBuilder().setJobId(job.getId()).build();
            Eventually.await(WAIT, "worker B completed the job", () -> stub.getTryOnJob(get).getState()
                                                                       == TryOnJobState.TRY_ON_JOB_STATE_SUCCEEDED);

            assertThat(tw.app.store().head(leftByA)).isEmpty();

            STALLED.open(); // A's generation returns late; A stores its image, fails the fence and deletes it.
            Eventually.await(WAIT, "worker A's handler returned", () -> handled(tw.app.meterRegistry()) >= 1);

            final TryOnJob done = stub.getTryOnJob(get);
            assertThat(done.getAttempts()).isEqualTo(2);
            assertThat(handled(registryB)).isEqualTo(1);
            assertThat(tw.app.store().head(Photos.resultKey(userId, jobId, 1, "image/png"))).isEmpty();
            assertThat(tw.app.store().head(Photos.resultKey(userId, jobId, 2, "image/png"))).isPresent();
            final byte[] expected = new OfflineTryOnProvider().generate(new TryOnInput(
                    new TryOnInput.Image(TestPhotos.person(), "image/png"),
                    new TryOnInput.Image(TestPhotos.garment(), "image/png"))).bytes();
            assertThat(TryOnWorkerTesting.fetch(done.getResultUrl()).body()).isEqualTo(expected);
            assertThat(TryOnWorkerTesting.unsigned(stub.getTryOnJob(get))).isEqualTo(TryOnWorkerTesting.unsigned(done));
        }
    }

    private static long handled(io.micrometer.core.instrument.MeterRegistry registry) {
        final Timer timer = registry.find("tradeloom.jobs.handled").tag("queue", TryOnJobDao.QUEUE).timer();
        return timer == null ? 0 : timer.count();
    }
}
