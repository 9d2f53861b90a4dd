package dev.tradeloom.bff;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpObject;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.ResponseHeaders;

import dev.tradeloom.platform.testing.Eventually;
import dev.tradeloom.tryon.v1.TryOnJob;

/**
 * While a try-on job runs, its event stream is never silent for long: comment lines keep a proxy in front from
 * cutting it as idle, and EventSource ignores them.
 */
class EdgeTryOnKeepAliveTest {
    /** Short: a comment goes out every half of it. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);
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
    void aRunningJobsStream_carriesCommentsUntilItsNextEvent() throws Exception {
        final String buyer = gated.tryOn.buyer();
        final TryOnJob job = gated.running(buyer, WAIT);
        // Read as it arrives: the gate opens once two comments followed the running job's event, however long
        // the stream took to start. A fixed wait raced that start on a slow machine.
        final Received stream = new Received();
        WebClient.builder(gated.edge.uri()).responseTimeout(Duration.ZERO).build()
                 .execute(RequestHeaders.builder(HttpMethod.GET, "/v1/tryon/jobs/" + job.getId() + "/events")
                                        .add("authorization", "Bearer " + buyer).build())
                 .subscribe(stream);
        Eventually.await(WAIT, "two comments after the running job's event", () -> {
            final String sofar = stream.text();
            final int running = sofar.indexOf("TRY_ON_JOB_STATE_RUNNING");
            return running >= 0 && sofar.substring(running).split("\n:\n", -1).length >= 3;
        });
        gated.provider.open();

        stream.done.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(stream.status).isEqualTo(HttpStatus.OK);
        final String body = stream.text();
        final int running = body.indexOf("TRY_ON_JOB_STATE_RUNNING");
        final int succeeded = body.indexOf("TRY_ON_JOB_STATE_SUCCEEDED");
        assertThat(running).isNotNegative();
        assertThat(succeeded).isGreaterThan(running);
        assertThat(body.substring(running, succeeded).split("\n:\n", -1)).hasSizeGreaterThanOrEqualTo(3);
    }

    /** A response's status and body as they arrive (aggregating hands the body over only at its end). */
    private static final class Received implements Subscriber<HttpObject> {
        final CompletableFuture<Void> done = new CompletableFuture<>();
        private final StringBuffer body = new StringBuffer();
        volatile @Nullable HttpStatus status;

        String text() {
            return body.toString();
        }

        @Override
        public void onSubscribe(Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(HttpObject object) {
            if (object instanceof ResponseHeaders headers && !headers.status().isInformational()) {
                status = headers.status();
            } else if (object instanceof HttpData data) {
                body.append(data.toStringUtf8());
            }
        }

        @Override
        public void onError(Throwable cause) {
            done.completeExceptionally(cause);
        }

        @Override
        public void onComplete() {
            done.complete(null);
        }
    }
}
