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
    private static GatedTryOnEdge gated;

    @BeforeAll
    static void start() {
        gated = new GatedTryOnEdge(REQUEST_TIMEOUT);
    }

    @AfterAll
    static void stop() {
        gated.close();
    }

    @Test
    void watchOverGrpc_outlivesTheEdgesRequestTimeout_untilTheJobEnds() throws Exception {
        final String buyer = gated.tryOn.buyer();
        // Like a grpc-java client without a deadline: no grpc-timeout header.
        final TryOnServiceBlockingStub stub = GrpcClients.builder(gated.edge.uri())
                                                         .responseTimeout(Duration.ZERO)
                                                         .addHeader("authorization", "Bearer " + buyer)
                                                         .build(TryOnServiceBlockingStub.class);
        final TryOnJob job = gated.running(buyer, WAIT);

        final CompletableFuture<List<TryOnJobState>> watched = CompletableFuture.supplyAsync(() -> {
            final Iterable<TryOnJob> updates = () -> stub.watchTryOnJob(
                    WatchTryOnJobRequest.newBuilder().setJobId(job.getId()).build());
            return StreamSupport.stream(updates.spliterator(), false).map(TryOnJob::getState).toList();
        });
        // Past the edge's request timeout, the watch is still open (it used to end with DEADLINE_EXCEEDED: the
        // edge gave the forwarded call its request timeout as the deadline).
        Thread.sleep(REQUEST_TIMEOUT.multipliedBy(2).toMillis());
        assertThat(watched).isNotDone();

        gated.provider.open();
        assertThat(watched.get(WAIT.toSeconds(), TimeUnit.SECONDS)).containsExactly(
                TryOnJobState.TRY_ON_JOB_STATE_RUNNING, TryOnJobState.TRY_ON_JOB_STATE_SUCCEEDED);
    }
}
