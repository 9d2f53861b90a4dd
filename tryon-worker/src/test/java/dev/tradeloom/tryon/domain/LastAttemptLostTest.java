package dev.tradeloom.tryon.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.tradeloom.platform.queue.QueueWorker;
import dev.tradeloom.platform.testing.Eventually;
import dev.tradeloom.tryon.GatedProvider;
import dev.tradeloom.tryon.TryOnWorker;
import dev.tradeloom.tryon.TryOnWorkerTesting;
import dev.tradeloom.tryon.provider.OfflineTryOnProvider;
import dev.tradeloom.tryon.store.TryOnJobDao;
import dev.tradeloom.tryon.v1.GetTryOnJobRequest;
import dev.tradeloom.tryon.v1.TryOnJob;
import dev.tradeloom.tryon.v1.TryOnJobState;
import dev.tradeloom.tryon.v1.TryOnServiceGrpc.TryOnServiceBlockingStub;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * A job whose last attempt's worker dies (stopped mid-generation, so it neither completes nor heartbeats) fails
 * once its lease runs out, with a reason for the user rather than the queue's own words.
 */
class LastAttemptLostTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** A generation that hangs, deaf to interrupts: its worker stops, and the job's lease runs out. */
    private static final GatedProvider HUNG = GatedProvider.deafToInterrupts();
    private static TryOnWorkerTesting tw;

    @BeforeAll
    static void start() {
        final TryOnSettings oneAttempt = new TryOnSettings(20, 500, 1, Duration.ofDays(7), Duration.ofHours(1));
        tw = new TryOnWorkerTesting(HUNG, oneAttempt,
                                    TryOnWorkerTesting.FAST_JOBS.withLease(Duration.ofSeconds(3)));
    }

    @AfterAll
    static void stop() {
        HUNG.open();
        tw.close();
    }

    @Test
    void aJobWhoseLastWorkerDied_failsWithAReasonForTheUser() throws Exception {
        final String buyer = tw.buyer();
        final TryOnServiceBlockingStub stub = tw.client(TryOnServiceBlockingStub.class, buyer);
        final TryOnJob job = stub.submitTryOnJob(tw.submitRequest(buyer));
        HUNG.awaitEntered(WAIT);
        tw.app.worker().close(Duration.ofMillis(50)); // Its worker stops heartbeating, the job still running.

        final SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (QueueWorker other = QueueWorker.start(
                tw.app.database(),
                Map.of(TryOnJobDao.QUEUE, TryOnWorker.runner(tw.app.database(), tw.app.store(),
                                                             new OfflineTryOnProvider(), registry)),
                TryOnWorkerTesting.FAST_JOBS, registry)) {
            final GetTryOnJobRequest get = GetTryOnJobRequest.newBuilder().setJobId(job.getId()).build();
            Eventually.await(WAIT, "the job failed", () -> stub.getTryOnJob(get).getState()
                                                           == TryOnJobState.TRY_ON_JOB_STATE_FAILED);
            assertThat(stub.getTryOnJob(get).getFailureReason())
                    .isEqualTo("The try-on did not finish after 1 attempt. Please submit it again.");
        }
    }
}
