package dev.tradeloom.bff;

import static dev.tradeloom.bff.EdgeTesting.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.RequestHeaders;

import dev.tradeloom.platform.storage.ImageType;
import dev.tradeloom.platform.testing.Eventually;
import dev.tradeloom.tenant.TenantCoreTesting;
import dev.tradeloom.tryon.TestPhotos;
import dev.tradeloom.tryon.TryOnWorkerTesting;

/**
 * Try-on over REST through the edge, as a browser does it: presigned uploads of both photos, submit, follow
 * the job live as server-sent events until it succeeds, fetch the result, list, delete.
 */
class EdgeTryOnFlowTest {
    private static final HttpClient S3 = HttpClient.newHttpClient();
    private static TenantCoreTesting tenantCore;
    private static TryOnWorkerTesting tryOn;
    private static EdgeTesting edge;

    @BeforeAll
    static void start() {
        tenantCore = new TenantCoreTesting();
        tryOn = new TryOnWorkerTesting(tenantCore);
        edge = EdgeTesting.withTryOn(tenantCore, tryOn.uri());
    }

    @AfterAll
    static void stop() {
        edge.close();
        tryOn.close();
        tenantCore.close();
    }

    @Test
    void uploadSubmitFollowAsEvents_untilSucceeded_thenFetchListAndDelete() throws Exception {
        final String buyer = tenantCore.signUp(TenantCoreTesting.newEmail("buyer"));
        final String person = upload(buyer, TestPhotos.person());
        final String garment = upload(buyer, TestPhotos.garment());

        final AggregatedHttpResponse submitted = edge.post("/v1/tryon/jobs", """
                {"requestId":"%s","personPhotoKey":"%s","garmentPhotoKey":"%s"}"""
                .formatted(UUID.randomUUID(), person, garment), buyer);
        assertThat(submitted.status()).as(submitted.contentUtf8()).isEqualTo(HttpStatus.OK);
        final String id = json(submitted).get("id").asText();

        final AggregatedHttpResponse stream = edge.http.execute(
                RequestHeaders.builder(HttpMethod.GET, "/v1/tryon/jobs/" + id + "/events")
                              .add("authorization", "Bearer " + buyer).add("accept", "text/event-stream").build());
        assertThat(stream.status()).as(stream.contentUtf8()).isEqualTo(HttpStatus.OK);
        assertThat(stream.contentType().toString()).startsWith("text/event-stream");
        final List<JsonNode> events = events(stream.contentUtf8());
        assertThat(events).isNotEmpty();
        final JsonNode last = events.get(events.size() - 1);
        assertThat(last.get("id").asText()).isEqualTo(id);
        assertThat(last.get("state").asText()).isEqualTo("TRY_ON_JOB_STATE_SUCCEEDED");

        final HttpResponse<byte[]> image = TryOnWorkerTesting.fetch(last.get("resultUrl").asText());
        assertThat(image.statusCode()).isEqualTo(200);
        assertThat(ImageType.sniff(image.body())).contains(ImageType.PNG);

        final JsonNode mine = json(edge.get("/v1/tryon/jobs", buyer));
        assertThat(mine.get("jobs").get(0).get("id").asText()).isEqualTo(id);
        final AggregatedHttpResponse cancelEnded = edge.post("/v1/tryon/jobs/" + id + ":cancel", "{}", buyer);
        assertThat(cancelEnded.status()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(json(cancelEnded).get("reason").asText()).isEqualTo("TRYON_JOB_ENDED");

        final AggregatedHttpResponse deleted = edge.http.execute(
                RequestHeaders.builder(HttpMethod.DELETE, "/v1/tryon/jobs/" + id)
                              .add("authorization", "Bearer " + buyer).build());
        assertThat(deleted.status()).as(deleted.contentUtf8()).isEqualTo(HttpStatus.OK);
        assertThat(edge.get("/v1/tryon/jobs/" + id, buyer).status()).isEqualTo(HttpStatus.NOT_FOUND);
        // The files go just after, through the worker's queue.
        Eventually.await(Duration.ofSeconds(30), "the result deleted",
                         () -> TryOnWorkerTesting.fetch(last.get("resultUrl").asText()).statusCode() == 404);
    }

    @Test
    void events_ofAnUnknownJob_isA404_evenWithTheTokenInTheQuery_andWithoutSignIn_a401() {
        final String buyer = tenantCore.signUp(TenantCoreTesting.newEmail("buyer"));
        final AggregatedHttpResponse unknown = edge.get("/v1/tryon/jobs/" + UUID.randomUUID() + "/events", buyer);
        assertThat(unknown.status()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(json(unknown).get("reason").asText()).isEqualTo("TRYON_JOB_NOT_FOUND");

        // A browser's EventSource sends no headers: the token comes in the query.
        final AggregatedHttpResponse fromEventSource = edge.get(
                "/v1/tryon/jobs/" + UUID.randomUUID() + "/events?access_token=" + buyer, null);
        assertThat(fromEventSource.status()).isEqualTo(HttpStatus.NOT_FOUND);

        final AggregatedHttpResponse anonymous = edge.get("/v1/tryon/jobs/" + UUID.randomUUID() + "/events", null);
        assertThat(anonymous.status()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(json(anonymous).get("reason").asText()).isEqualTo("SIGN_IN_REQUIRED");
    }

    @Test
    void submit_withANonUuidRequestId_isA400NamingTheField() {
        final String buyer = tenantCore.signUp(TenantCoreTesting.newEmail("buyer"));
        final AggregatedHttpResponse bad = edge.post("/v1/tryon/jobs", """
                {"requestId":"again","personPhotoKey":"a","garmentPhotoKey":"b"}""", buyer);
        assertThat(bad.status()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(bad.contentUtf8()).contains("request_id");
    }

    /** The JSON data of every {@code event: job} in a server-sent event stream. */
    private static List<JsonNode> events(String body) throws Exception {
        final List<JsonNode> jobs = new ArrayList<>();
        for (String block : body.split("\n\n")) {
            if (block.startsWith("event: job\ndata: ")) {
                jobs.add(EdgeTesting.JSON.readTree(block.substring("event: job\ndata: ".length())));
            }
        }
        return jobs;
    }

    private static String upload(String token, byte[] png) throws Exception {
        final JsonNode upload = json(edge.post("/v1/tryon/photo-uploads", "{\"contentType\":\"image/png\"}", token));
        final HttpResponse<String> put = S3.send(
                HttpRequest.newBuilder(URI.create(upload.get("uploadUrl").asText()))
                           .header("content-type", upload.get("contentType").asText())
                           .PUT(HttpRequest.BodyPublishers.ofByteArray(png)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        return upload.get("key").asText();
    }
}
