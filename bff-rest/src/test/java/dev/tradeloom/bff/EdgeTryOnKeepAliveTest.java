package dev.tradeloom.bff;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.RequestHeaders;

import dev.tradeloom.tryon.GatedProvider;
import dev.tradeloom.tryon.TryOnWorkerTesting;
import dev.tradeloom.tryon.v1.TryOnJob;
import dev.tradeloom.tryon.v1.TryOnServiceGrpc.TryOnServiceBlockingStub;

/**
 * While a try-on job runs, its event stream is never silent for long: comment lines keep a proxy in front from
 * cutting it as idle, and EventSource ignores them.
 */
class EdgeTryOnKeepAliveTest {
    /** Short: a comment goes out every half of it. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);
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
    void aRunningJobsStream_carriesCommentsUntilItsNextEvent() throws Exception {
        final String buyer = tryOn.buyer();
        final TryOnJob job = tryOn.client(TryOnServiceBlockingStub.class, buyer)
                                  .submitTryOnJob(tryOn.submitRequest(buyer));
        PROVIDER.awaitEntered(WAIT);
        final CompletableFuture<AggregatedHttpResponse> stream = CompletableFuture.supplyAsync(
                () -> edge.http.execute(RequestHeaders.builder(HttpMethod.GET,
                                                               "/v1/tryon/jobs/" + job.getId() + "/events")
                                                      .add("authorization", "Bearer " + buyer).build()));
        // Long enough for two comments (one a second) after the running job's event.
        Thread.sleep(REQUEST_TIMEOUT.multipliedBy(3).dividedBy(2).toMillis() + 1_000);
        PROVIDER.open();

        final AggregatedHttpResponse events = stream.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(events.status()).isEqualTo(HttpStatus.OK);
        final String body = events.contentUtf8();
        final int running = body.indexOf("TRY_ON_JOB_STATE_RUNNING");
        final int succeeded = body.indexOf("TRY_ON_JOB_STATE_SUCCEEDED");
        assertThat(running).isNotNegative();
        assertThat(succeeded).isGreaterThan(running);
        assertThat(body.substring(running, succeeded).split("\n:\n", -1)).hasSizeGreaterThanOrEqualTo(3);
    }
}
