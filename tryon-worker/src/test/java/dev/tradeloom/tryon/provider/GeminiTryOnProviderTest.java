package dev.tradeloom.tryon.provider;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import dev.tradeloom.tryon.TestPhotos;
import dev.tradeloom.tryon.provider.TryOnFailure.Kind;

/** The Gemini provider against a fake generateContent endpoint serving the documented shapes. */
class GeminiTryOnProviderTest {
    private static final String PATH = "/v1beta/models/gemini-test-image:generateContent";
    private static final WireMockServer gemini = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    private static GeminiTryOnProvider provider;
    private static final TryOnInput INPUT = new TryOnInput(new TryOnInput.Image(TestPhotos.person(), "image/png"),
                                                           new TryOnInput.Image(TestPhotos.garment(), "image/png"));

    @BeforeAll
    static void start() {
        gemini.start();
        provider = new GeminiTryOnProvider(new GeminiSettings("test-key", gemini.baseUrl(), "gemini-test-image",
                                                              Duration.ofSeconds(10)));
    }

    @AfterAll
    static void stop() {
        gemini.stop();
    }

    @BeforeEach
    void reset() {
        gemini.resetAll();
    }

    @Test
    void success_sendsBothPhotosInlineWithTheKeyAndAsksForAnImage_andReturnsTheImagePart() throws Exception {
        final byte[] generated = TestPhotos.png(30, 40, java.awt.Color.BLUE);
        answer(200, GeminiResponses.image(generated));

        final TryOnInput.Image image = provider.generate(INPUT);

        assertThat(image.bytes()).isEqualTo(generated);
        assertThat(image.contentType()).isEqualTo("image/png");
        final String person = Base64.getEncoder().encodeToString(TestPhotos.person());
        final String garment = Base64.getEncoder().encodeToString(TestPhotos.garment());
        gemini.verify(1, postRequestedFor(urlEqualTo(PATH))
                .withHeader("x-goog-api-key", equalTo("test-key"))
                .withHeader("content-type", equalTo("application/json; charset=utf-8"))
                .withRequestBody(matchingJsonPath("$.contents[0].parts[0].text"))
                .withRequestBody(matchingJsonPath("$.contents[0].parts[1].inlineData.mimeType", equalTo("image/png")))
                .withRequestBody(matchingJsonPath("$.contents[0].parts[1].inlineData.data", equalTo(person)))
                .withRequestBody(matchingJsonPath("$.contents[0].parts[2].inlineData.data", equalTo(garment)))
                .withRequestBody(matchingJsonPath("$.generationConfig.responseModalities[0]", equalTo("IMAGE")))
                .withRequestBody(matchingJsonPath("$.generationConfig.imageConfig.aspectRatio", equalTo("3:4"))));
    }

    @Test
    void promptBlock_isPermanent_andAsksForOtherPhotos() {
        answer(200, GeminiResponses.promptBlocked());
        assertThatThrownBy(() -> provider.generate(INPUT)).isInstanceOfSatisfying(TryOnFailure.class, f -> {
            assertThat(f.kind()).isEqualTo(Kind.BLOCKED);
            assertThat(f.kind().isTransient()).isFalse();
            assertThat(f.getMessage()).contains("safety filter").contains("try another photo");
        });
    }

    @Test
    void imageSafetyFinish_isPermanent() {
        answer(200, GeminiResponses.imageSafety());
        assertThatThrownBy(() -> provider.generate(INPUT)).isInstanceOfSatisfying(
                TryOnFailure.class, f -> assertThat(f.kind()).isEqualTo(Kind.BLOCKED));
    }

    @Test
    void stopWithTextOnly_isAFailure_notASuccess() {
        answer(200, GeminiResponses.textOnlyStop());
        assertThatThrownBy(() -> provider.generate(INPUT)).isInstanceOfSatisfying(TryOnFailure.class, f -> {
            assertThat(f.kind()).isEqualTo(Kind.NO_IMAGE);
            assertThat(f.kind().isTransient()).isFalse();
            assertThat(f.getMessage()).contains("no picture");
        });
    }

    @Test
    void tooManyRequests_isTransient_withGeminisRetryDelay() {
        answer(429, GeminiResponses.rateLimited("37s", "GenerateRequestsPerMinutePerProjectPerModel"));
        assertThatThrownBy(() -> provider.generate(INPUT)).isInstanceOfSatisfying(TryOnFailure.class, f -> {
            assertThat(f.kind()).isEqualTo(Kind.RATE_LIMITED);
            assertThat(f.kind().isTransient()).isTrue();
            assertThat(f.retryAfter()).isEqualTo(Duration.ofSeconds(37));
        });
    }

    @Test
    void dailyQuotaExhausted_isNotRetriedToday() {
        answer(429, GeminiResponses.rateLimited("20s", "GenerateRequestsPerDayPerProjectPerModel"));
        assertThatThrownBy(() -> provider.generate(INPUT)).isInstanceOfSatisfying(TryOnFailure.class, f -> {
            assertThat(f.kind()).isEqualTo(Kind.QUOTA_EXHAUSTED);
            assertThat(f.kind().isTransient()).isFalse();
            assertThat(f.getMessage()).contains("tomorrow");
        });
    }

    @Test
    void serviceUnavailable_isTransient() {
        answer(503, GeminiResponses.unavailable());
        assertThatThrownBy(() -> provider.generate(INPUT)).isInstanceOfSatisfying(TryOnFailure.class, f -> {
            assertThat(f.kind()).isEqualTo(Kind.UNAVAILABLE);
            assertThat(f.retryAfter()).isNull();
        });
    }

    @Test
    void badRequest_isPermanent() {
        answer(400, GeminiResponses.badRequest());
        assertThatThrownBy(() -> provider.generate(INPUT)).isInstanceOfSatisfying(TryOnFailure.class, f -> {
            assertThat(f.kind()).isEqualTo(Kind.REJECTED);
            assertThat(f.kind().isTransient()).isFalse();
            assertThat(f.getMessage()).contains("could not use these photos");
        });
    }

    @Test
    void badRequestAboutTheKeyOrTheCaller_isPermanent_butNotBlamedOnThePhotos() {
        for (String body : List.of(GeminiResponses.invalidApiKey(), GeminiResponses.locationNotSupported())) {
            answer(400, body);
            assertThatThrownBy(() -> provider.generate(INPUT)).isInstanceOfSatisfying(TryOnFailure.class, f -> {
                assertThat(f.kind()).isEqualTo(Kind.REJECTED);
                assertThat(f.getMessage()).contains("not available right now")
                                          .doesNotContain("photos")
                                          .doesNotContain("API key")
                                          .doesNotContain("location");
            });
        }
    }

    @Test
    void unreachable_isTransient() {
        final GeminiTryOnProvider nowhere = new GeminiTryOnProvider(
                new GeminiSettings("k", "http://127.0.0.1:1", "m", Duration.ofSeconds(2)));
        assertThatThrownBy(() -> nowhere.generate(INPUT)).isInstanceOfSatisfying(
                TryOnFailure.class, f -> assertThat(f.kind()).isEqualTo(Kind.UNAVAILABLE));
    }

    @Test
    void retryDelay_readsProtobufDurations() {
        assertThat(GeminiTryOnProvider.duration("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(GeminiTryOnProvider.duration("0s")).isEqualTo(Duration.ZERO);
        assertThat(GeminiTryOnProvider.duration("soon")).isNull();
    }

    private static void answer(int status, String body) {
        gemini.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(status)
                                                                    .withHeader("content-type", "application/json")
                                                                    .withBody(body)));
    }
}
