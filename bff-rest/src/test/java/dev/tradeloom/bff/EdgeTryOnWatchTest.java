package dev.tradeloom.bff;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.linecorp.armeria.client.grpc.GrpcClients;

import dev.tradeloom.tryon.GatedProvider;
import dev.tradeloom.tryon.TryOnWorkerTesting;
import dev.tradeloom.tryon.v1.TryOnJob;
import dev.tradeloom.tryon.v1.TryOnJobState;
import dev.tradeloom.tryon.v1.TryOnServiceGrpc.TryOnServiceBlockingStub;
import dev.tradeloom.tryon.v1.WatchTryOnJobRequest;

/**
 * A mobile client watches a try-on job over gRPC through the edge without a deadline of its own: the watch
 * outlives the edge's request timeout (three seconds here), the default deadline of unary calls, and ends when
 * the job does.
 */
class EdgeTryOnWatchTest {
    /** Short, for the watch to outlive it soon. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final GatedProvider PROVIDER = new GatedProvider();
    private static TryOnWorkerTesting tryOn;
    private static EdgeTesting edge;

    @BeforeAll
    static void start() {
        tryOn = new TryOnWorkerTesting(PROVIDER, TryOnWorkerTesting.SETTINGS, TryOnWorkerTesting.FAST_JOBS);
        edge = EdgeTesting.withTryOn(tryOn.tenantCore, tryOn.uri(), REQUEST_TIMEOUT);
    }

    @AfterAll
    static void stop() {
        PROVIDER.open();
        edge.close();
        tryOn.close();
    }

    @Test
    void watchOverGrpc_outlivesTheEdgesRequestTimeout_untilTheJobEnds() throws Exception {
        final String buyer = tryOn.buyer();
        // Like a grpc-java client without a deadline: no grpc-timeout header.
        final TryOnServiceBlockingStub stub = GrpcClients.builder(edge.uri()).responseTimeout(Duration.ZERO)
                                                         .addHeader("authorization", "Bearer " + buyer)
                                                         .build(TryOnServiceBlockingStub.class);
        // Submitted to the try-on service itself: through the edge, a submit slower than its short request
        // timeout (a cold path on a busy machine) would fail the test before the watch it is about.
        final TryOnJob job = tryOn.client(TryOnServiceBlockingStub.class, buyer)
                                  .submitTryOnJob(tryOn.submitRequest(buyer));
        PROVIDER.awaitEntered(WAIT);

        final CompletableFuture<List<TryOnJobState>> watched = CompletableFuture.supplyAsync(() -> {
            final Iterable<TryOnJob> updates = () -> stub.watchTryOnJob(
                    WatchTryOnJobRequest.newBuilder().setJobId(job.getId()).build());
            return StreamSupport.stream(updates.spliterator(), false).map(TryOnJob::getState).toList();
        });
        // Past the edge's request timeout, the watch is still open (it used to end with DEADLINE_EXCEEDED: the
        // edge gave the forwarded call its request timeout as the deadline).
        Thread.sleep(REQUEST_TIMEOUT.multipliedBy(2).toMillis());
        assertThat(watched).isNotDone();

        PROVIDER.open();
        assertThat(watched.get(WAIT.toSeconds(), TimeUnit.SECONDS)).containsExactly(
                TryOnJobState.TRY_ON_JOB_STATE_RUNNING, TryOnJobState.TRY_ON_JOB_STATE_SUCCEEDED);
    }
}
