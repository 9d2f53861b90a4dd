package dev.tradeloom.bff;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tradeloom.tryon.v1.TryOnJob;

/**
 * A browser follows a try-on job as server-sent events and tryon-worker goes away mid-stream: the stream ends
 * with an {@code event: error} in the edge's one JSON error shape, telling no more than an error response would.
 */
class EdgeTryOnEventsErrorTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static GatedTryOnEdge gated;

    @BeforeAll
    static void start() {
        gated = new GatedTryOnEdge();
    }

    @AfterAll
    static void stop() {
        gated.close();
    }

    @Test
    void workerGoneMidStream_endsWithAnErrorEventInTheEdgesErrorShape() throws Exception {
        final String buyer = gated.tryOn.buyer();
        final TryOnJob job = gated.running(buyer, WAIT);

        final HttpResponse<Stream<String>> events = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(gated.edge.uri() + "/v1/tryon/jobs/" + job.getId() + "/events"))
                           .header("authorization", "Bearer " + buyer).timeout(WAIT).build(),
                HttpResponse.BodyHandlers.ofLines());
        assertThat(events.statusCode()).isEqualTo(200);
        final Iterator<String> lines = events.body().iterator();
        assertThat(lines.next()).isEqualTo("event: job");

        // The worker stops (its graceful shutdown ends the open watch) while the browser still follows the job.
        final CompletableFuture<Void> stopped = CompletableFuture.runAsync(gated::stopTryOn);
        String event = null;
        String data = null;
        while (lines.hasNext()) {
            final String line = lines.next();
            if (line.startsWith("event: ")) {
                event = line.substring("event: ".length());
            } else if (line.startsWith("data: ")) {
                data = line.substring("data: ".length());
            }
        }
        stopped.get();
        assertThat(event).isEqualTo("error");
        final JsonNode error = EdgeTesting.JSON.readTree(data);
        assertThat(List.of(error.fieldNames().next(), error.size())).as(data).isEqualTo(List.of("code", 4));
        assertThat(error.has("message") && error.has("reason") && error.has("details")).as(data).isTrue();
        assertThat(error.get("code").asText()).as(data).isEqualTo("UNAVAILABLE");
        assertThat(error.get("message").asText()).as(data).startsWith("A service is unavailable; retry shortly");
    }
}
