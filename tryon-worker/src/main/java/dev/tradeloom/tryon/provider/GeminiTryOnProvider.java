package dev.tradeloom.tryon.provider;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.client.BlockingWebClient;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;

import dev.tradeloom.tryon.provider.TryOnFailure.Kind;

/**
 * Google Gemini image generation over its REST protocol (INTEGRATIONS.md, "Google Gemini"):
 * {@code POST {base}/v1beta/models/{model}:generateContent} with the instruction and both photos inline,
 * asking for an image back. Prompt blocks and safety finish reasons are permanent failures the user can act
 * on (other photos); an answer ending without an image is a failure too; 429 (after Gemini's
 * {@code RetryInfo} delay), 500, 503 and 504 are passing; a used-up daily quota and other 4xx are not.
 */
public final class GeminiTryOnProvider implements TryOnProvider {
    static final String PROMPT = "Dress the person in the first image in the garment shown in the second image. "
                                 + "Keep the person's face, body, pose, skin tone and the background unchanged; "
                                 + "keep the garment's colour, pattern, fabric and drape. Return one "
                                 + "photorealistic full image.";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_RESPONSE_BYTES = 64L * 1024 * 1024;
    private static final Set<String> BLOCKING_FINISH_REASONS = Set.of(
            "SAFETY", "PROHIBITED_CONTENT", "IMAGE_SAFETY", "IMAGE_PROHIBITED_CONTENT", "RECITATION",
            "IMAGE_RECITATION", "BLOCKLIST", "SPII");
    private static final Set<Integer> TRANSIENT_STATUSES = Set.of(500, 502, 503, 504);
    private static final Pattern DURATION = Pattern.compile("(\\d+)(?:\\.(\\d{1,9}))?s");

    private static final String BLOCKED = "The photos were declined by the image service's safety filter; try "
                                          + "another photo of you (fully dressed, facing the camera) or of the "
                                          + "garment.";
    private static final String NO_IMAGE = "The image service returned no picture for these photos; try a clearer "
                                           + "photo of you, facing the camera, and one of the garment on a plain "
                                           + "background.";
    private static final String BUSY = "The image service is busy right now; your try-on will be tried again "
                                       + "shortly.";
    private static final String DAILY_QUOTA = "Try-on is unavailable for the rest of today (the image service's "
                                              + "daily allowance is used up); please submit again tomorrow.";

    private final GeminiSettings settings;
    private final BlockingWebClient http;

    public GeminiTryOnProvider(GeminiSettings settings) {
        this.settings = requireNonNull(settings, "settings");
        if (!settings.enabled()) {
            throw new IllegalArgumentException("settings.apiKey: empty (expected: a Gemini API key)");
        }
        http = WebClient.builder().responseTimeout(settings.timeout()).maxResponseLength(MAX_RESPONSE_BYTES)
                        .build().blocking();
    }

    @Override
    public String name() {
        return "gemini";
    }

    @Override
    public TryOnInput.Image generate(TryOnInput input) throws TryOnFailure {
        requireNonNull(input, "input");
        final AggregatedHttpResponse response;
        try {
            response = http.execute(
                    RequestHeaders.builder(HttpMethod.POST, settings.baseUrl() + "/v1beta/models/"
                                                            + settings.model() + ":generateContent")
                                  .contentType(MediaType.JSON_UTF_8)
                                  .add("x-goog-api-key", settings.apiKey())
                                  .build(),
                    requestBody(input));
        } catch (RuntimeException e) {
            // Armeria reports unreachable peers and timeouts as unchecked exceptions: passing faults.
            throw new TryOnFailure(Kind.UNAVAILABLE, BUSY, null, e);
        }
        final int status = response.status().code();
        if (status == 200) {
            return image(parse(response));
        }
        throw error(status, parse(response));
    }

    static String requestBody(TryOnInput input) {
        final Map<String, Object> body = Map.of(
                "contents", List.of(Map.of("role", "user", "parts", List.of(
                        Map.of("text", PROMPT),
                        inline(input.person()),
                        inline(input.garment())))),
                "generationConfig", Map.of("responseModalities", List.of("IMAGE"),
                                           "imageConfig", Map.of("aspectRatio", "3:4", "imageSize", "1K")));
        try {
            return JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot write a generateContent request", e);
        }
    }

    private static Map<String, Object> inline(TryOnInput.Image image) {
        return Map.of("inlineData", Map.of("mimeType", image.contentType(),
                                           "data", Base64.getEncoder().encodeToString(image.bytes())));
    }

    private static TryOnInput.Image image(JsonNode json) throws TryOnFailure {
        final JsonNode candidates = json.path("candidates");
        if (!candidates.isArray() || candidates.isEmpty()) {
            if (!json.path("promptFeedback").path("blockReason").asText().isEmpty()) {
                throw new TryOnFailure(Kind.BLOCKED, BLOCKED);
            }
            throw new TryOnFailure(Kind.NO_IMAGE, NO_IMAGE);
        }
        final JsonNode candidate = candidates.get(0);
        for (JsonNode part : candidate.path("content").path("parts")) {
            final JsonNode inline = part.path("inlineData");
            if (part.path("thought").asBoolean(false) || !inline.hasNonNull("data")) {
                continue;
            }
            final byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(inline.path("data").asText());
            } catch (IllegalArgumentException e) {
                throw new TryOnFailure(Kind.UNAVAILABLE, BUSY, null, e);
            }
            return new TryOnInput.Image(bytes, inline.path("mimeType").asText("image/png"));
        }
        if (BLOCKING_FINISH_REASONS.contains(candidate.path("finishReason").asText())) {
            throw new TryOnFailure(Kind.BLOCKED, BLOCKED);
        }
        throw new TryOnFailure(Kind.NO_IMAGE, NO_IMAGE);
    }

    private static TryOnFailure error(int status, JsonNode json) {
        final JsonNode error = json.path("error");
        if (status == 429) {
            @Nullable Duration retryDelay = null;
            for (JsonNode detail : error.path("details")) {
                final String type = detail.path("@type").asText();
                if (type.endsWith("google.rpc.QuotaFailure")) {
                    for (JsonNode violation : detail.path("violations")) {
                        if (violation.path("quotaId").asText().contains("PerDay")) {
                            return new TryOnFailure(Kind.QUOTA_EXHAUSTED, DAILY_QUOTA);
                        }
                    }
                }
                if (type.endsWith("google.rpc.RetryInfo")) {
                    retryDelay = duration(detail.path("retryDelay").asText());
                }
            }
            return new TryOnFailure(Kind.RATE_LIMITED, BUSY, retryDelay, null);
        }
        if (TRANSIENT_STATUSES.contains(status)) {
            return new TryOnFailure(Kind.UNAVAILABLE, BUSY);
        }
        if (status == 400 && aboutTheRequestContent(error)) {
            return new TryOnFailure(Kind.REJECTED, "The image service could not use these photos ("
                                                   + error.path("message").asText("bad request")
                                                   + "); try other photos, as JPEG or PNG.");
        }
        return new TryOnFailure(Kind.REJECTED, "Try-on is not available right now (the image service refused "
                                               + "the request with HTTP " + status + "); please try again later.");
    }

    /**
     * Whether a 400's {@code error} objects to what the request carried (the photos), rather than to our key
     * ({@code ErrorInfo} reason {@code API_KEY_...}, which Gemini sends with INVALID_ARGUMENT) or to where the
     * request comes from (FAILED_PRECONDITION): those are not the user's to fix with other photos.
     */
    private static boolean aboutTheRequestContent(JsonNode error) {
        if (!"INVALID_ARGUMENT".equals(error.path("status").asText("INVALID_ARGUMENT"))) {
            return false;
        }
        for (JsonNode detail : error.path("details")) {
            if (detail.path("@type").asText().endsWith("google.rpc.ErrorInfo")
                && detail.path("reason").asText().startsWith("API_KEY")) {
                return false;
            }
        }
        return true;
    }

    /** A protobuf JSON duration such as {@code 37s} or {@code 1.5s}; null when unreadable. */
    static @Nullable Duration duration(String text) {
        final Matcher m = DURATION.matcher(text.trim());
        if (!m.matches()) {
            return null;
        }
        final String fraction = m.group(2) == null ? "0" : m.group(2);
        final long nanos = Long.parseLong((fraction + "000000000").substring(0, 9));
        return Duration.ofSeconds(Long.parseLong(m.group(1)), nanos);
    }

    private static JsonNode parse(AggregatedHttpResponse response) {
        try {
            final String body = response.contentUtf8();
            return body.isEmpty() ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (IOException e) {
            // Not JSON (a proxy's error page): read as an empty answer, judged by the status alone.
            return JSON.createObjectNode();
        }
    }
}
