package dev.tradeloom.tryon.domain;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.tradeloom.tryon.TryOnWorkerTesting.requestId;
import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;

import dev.tradeloom.platform.testing.Eventually;
import dev.tradeloom.tryon.TestPhotos;
import dev.tradeloom.tryon.TryOnWorkerTesting;
import dev.tradeloom.tryon.provider.GeminiResponses;
import dev.tradeloom.tryon.provider.GeminiSettings;
import dev.tradeloom.tryon.provider.GeminiTryOnProvider;
import dev.tradeloom.tryon.v1.GetTryOnJobRequest;
import dev.tradeloom.tryon.v1.SubmitTryOnJobRequest;
import dev.tradeloom.tryon.v1.TryOnJob;
import dev.tradeloom.tryon.v1.TryOnJobState;
import dev.tradeloom.tryon.v1.TryOnServiceGrpc.TryOnServiceBlockingStub;
import io.micrometer.core.instrument.Counter;

/**
 * The worker with the Gemini provider against a fake Gemini: passing faults are retried until they pass or
 * the attempts (3 here) run out, permanent ones end the job at once with a reason for the user.
 */
class GeminiWorkerTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String PATH = "/v1beta/models/gemini-test-image:generateContent";
    private static final WireMockServer gemini = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    private static TryOnWorkerTesting tw;

    @BeforeAll
    static void start() {
        gemini.start();
        tw = new TryOnWorkerTesting(new GeminiTryOnProvider(new GeminiSettings(
                "test-key", gemini.baseUrl(), "gemini-test-image", Duration.ofSeconds(10))),
                                    TryOnWorkerTesting.SETTINGS, TryOnWorkerTesting.FAST_JOBS);
    }

    @AfterAll
    static void stop() {
        tw.close();
        gemini.stop();
    }

    @Test
    void twoOutages_thenAnImage_succeedsOnTheThirdAttempt() {
        final byte[] garment = uniqueGarment();
        final String scenario = "outages";
        gemini.stubFor(post(urlEqualTo(PATH)).withRequestBody(containing(base64(garment)))
                                             .inScenario(scenario).whenScenarioStateIs(Scenario.STARTED)
                                             .willReturn(json(503, GeminiResponses.unavailable()))
                                             .willSetStateTo("second"));
        gemini.stubFor(post(urlEqualTo(PATH)).withRequestBody(containing(base64(garment)))
                                             .inScenario(scenario).whenScenarioStateIs("second")
                                             .willReturn(json(500, "{\"error\":{\"code\":500,\"status\":\"INTERNAL\"}}"))
                                             .willSetStateTo("third"));
        final byte[] generated = TestPhotos.png(20, 30, Color.GREEN);
        gemini.stubFor(post(urlEqualTo(PATH)).withRequestBody(containing(base64(garment)))
                                             .inScenario(scenario).whenScenarioStateIs("third")
                                             .willReturn(json(200, GeminiResponses.image(generated))));

        final TryOnJob done = runToEnd(garment);

        assertThat(done.getState()).isEqualTo(TryOnJobState.TRY_ON_JOB_STATE_SUCCEEDED);
        assertThat(done.getAttempts()).isEqualTo(3);
        assertThat(TryOnWorkerTesting.fetch(done.getResultUrl()).body()).isEqualTo(generated);
        final io.micrometer.core.instrument.Timer succeeded = tw.app.meterRegistry()
                .find("tradeloom.tryon.jobs.latency").tag("state", "succeeded").timer();
        assertThat(succeeded).isNotNull();
        assertThat(succeeded.count()).isGreaterThanOrEqualTo(1);
        gemini.verify(3, postRequestedFor(urlEqualTo(PATH)).withRequestBody(containing(base64(garment))));
    }

    @Test
    void outageThatLasts_givesUpAfterTheLastAttempt_sayingSo() {
        final byte[] garment = uniqueGarment();
        gemini.stubFor(post(urlEqualTo(PATH)).withRequestBody(containing(base64(garment)))
                                             .willReturn(json(503, GeminiResponses.unavailable())));

        final TryOnJob failed = runToEnd(garment);

        assertThat(failed.getState()).isEqualTo(TryOnJobState.TRY_ON_JOB_STATE_FAILED);
        assertThat(failed.getAttempts()).isEqualTo(3);
        // The reason is final: it must not promise a retry that will never come.
        assertThat(failed.getFailureReason()).contains("busy").contains("3 attempts")
                                             .doesNotContain("will be tried again");
        gemini.verify(3, postRequestedFor(urlEqualTo(PATH)).withRequestBody(containing(base64(garment))));
        final Counter errors = tw.app.meterRegistry().find("tradeloom.tryon.provider.errors")
                                 .tag("kind", "unavailable").counter();
        assertThat(errors).isNotNull();
        assertThat(errors.count()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void badRequest_failsAtOnce_withAReasonForTheUser() {
        final byte[] garment = uniqueGarment();
        gemini.stubFor(post(urlEqualTo(PATH)).withRequestBody(containing(base64(garment)))
                                             .willReturn(json(400, GeminiResponses.badRequest())));

        final TryOnJob failed = runToEnd(garment);

        assertThat(failed.getState()).isEqualTo(TryOnJobState.TRY_ON_JOB_STATE_FAILED);
        assertThat(failed.getAttempts()).isEqualTo(1);
        assertThat(failed.getFailureReason()).contains("could not use these photos");
    }

    @Test
    void safetyBlock_failsAtOnce() {
        final byte[] garment = uniqueGarment();
        gemini.stubFor(post(urlEqualTo(PATH)).withRequestBody(containing(base64(garment)))
                                             .willReturn(json(200, GeminiResponses.imageSafety())));

        final TryOnJob failed = runToEnd(garment);

        assertThat(failed.getState()).isEqualTo(TryOnJobState.TRY_ON_JOB_STATE_FAILED);
        assertThat(failed.getAttempts()).isEqualTo(1);
        assertThat(failed.getFailureReason()).contains("safety filter");
    }

    @Test
    void rateLimited_waitsAsLongAsGeminiAsked() {
        final byte[] garment = uniqueGarment();
        gemini.stubFor(post(urlEqualTo(PATH)).withRequestBody(containing(base64(garment)))
                                             .willReturn(json(429, GeminiResponses.rateLimited(
                                                     "3600s", "GenerateRequestsPerMinutePerProjectPerModel"))));
        final String buyer = tw.buyer();
        final TryOnServiceBlockingStub stub = tw.client(TryOnServiceBlockingStub.class, buyer);
        final TryOnJob job = stub.submitTryOnJob(request(buyer, garment));
        Eventually.await(WAIT, "the first attempt failed", () -> {
            final TryOnJob now = stub.getTryOnJob(GetTryOnJobRequest.newBuilder().setJobId(job.getId()).build());
            return now.getAttempts() == 1 && now.getState() == TryOnJobState.TRY_ON_JOB_STATE_QUEUED;
        });
        // The retry is scheduled an hour out (Gemini's retryDelay), not after the queue's 20-100 ms backoff.
        final Instant runAt = tw.app.database().jdbi().withHandle(h -> h.createQuery(
                "select run_at from jobs where queue = 'tryon' and dedup_key = :id").bind("id", job.getId())
                                                                          .mapTo(Instant.class).one());
        assertThat(runAt).isAfter(Instant.now().plus(Duration.ofMinutes(55)));
    }

    private static TryOnJob runToEnd(byte[] garment) {
        final String buyer = tw.buyer();
        final TryOnServiceBlockingStub stub = tw.client(TryOnServiceBlockingStub.class, buyer);
        final TryOnJob job = stub.submitTryOnJob(request(buyer, garment));
        final GetTryOnJobRequest get = GetTryOnJobRequest.newBuilder().setJobId(job.getId()).build();
        Eventually.await(WAIT, "the job ended", () -> {
            final TryOnJobState state = stub.getTryOnJob(get).getState();
            return state == TryOnJobState.TRY_ON_JOB_STATE_SUCCEEDED
                   || state == TryOnJobState.TRY_ON_JOB_STATE_FAILED;
        });
        return stub.getTryOnJob(get);
    }

    private static SubmitTryOnJobRequest request(String token, byte[] garment) {
        return SubmitTryOnJobRequest.newBuilder().setRequestId(requestId())
                                    .setPersonPhotoKey(tw.upload(token, TestPhotos.person(), "image/png"))
                                    .setGarmentPhotoKey(tw.upload(token, garment, "image/png")).build();
    }

    /** A garment photo no other test sends, so each test's fake answers only its own job. */
    private static byte[] uniqueGarment() {
        return TestPhotos.png(40, 50, new Color(ThreadLocalRandom.current().nextInt(0x1000000)));
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("content-type", "application/json").withBody(body);
    }
}
