package dev.tradeloom.tryon.provider;

import java.util.Base64;

import dev.tradeloom.tryon.TestPhotos;

/** Bodies Gemini's generateContent answers with, in the shapes of its documentation. */
public final class GeminiResponses {
    private GeminiResponses() {}

    /**
     * The final image after thought parts, which must be skipped: a thought summary and an interim
     * "thought image" (the image models draft before the final picture, marked {@code thought: true}).
     */
    public static String image(byte[] png) {
        final byte[] draft = TestPhotos.png(8, 8, java.awt.Color.RED);
        return """
                {"candidates":[{"content":{"role":"model","parts":[
                   {"text":"Planning the outfit swap","thought":true},
                   {"inlineData":{"mimeType":"image/png","data":"%s"},"thought":true},
                   {"inlineData":{"mimeType":"image/png","data":"%s"},"thoughtSignature":"c2lnbmF0dXJl"}]},
                 "finishReason":"STOP","index":0}],
                 "usageMetadata":{"promptTokenCount":1290,"candidatesTokenCount":1290,"totalTokenCount":2580},
                 "modelVersion":"gemini-3.1-flash-image"}""".formatted(Base64.getEncoder().encodeToString(draft),
                                                                   Base64.getEncoder().encodeToString(png));
    }

    public static String promptBlocked() {
        return """
                {"promptFeedback":{"blockReason":"SAFETY","safetyRatings":[
                  {"category":"HARM_CATEGORY_SEXUALLY_EXPLICIT","probability":"HIGH"}]},
                 "usageMetadata":{"promptTokenCount":1290,"totalTokenCount":1290}}""";
    }

    public static String imageSafety() {
        return """
                {"candidates":[{"content":{"role":"model"},"finishReason":"IMAGE_SAFETY","index":0}],
                 "usageMetadata":{"promptTokenCount":1290,"totalTokenCount":1290}}""";
    }

    public static String textOnlyStop() {
        return """
                {"candidates":[{"content":{"role":"model","parts":[
                   {"text":"I can describe how the saree would look, but here is a description instead."}]},
                 "finishReason":"STOP","index":0}]}""";
    }

    public static String rateLimited(String retryDelay, String quotaId) {
        return """
                {"error":{"code":429,"message":"You exceeded your current quota, please check your plan and billing details.",
                  "status":"RESOURCE_EXHAUSTED","details":[
                   {"@type":"type.googleapis.com/google.rpc.QuotaFailure","violations":[
                     {"quotaMetric":"generativelanguage.googleapis.com/generate_content_requests",
                      "quotaId":"%s","quotaDimensions":{"location":"global","model":"gemini-3.1-flash-image"},
                      "quotaValue":"10"}]},
                   {"@type":"type.googleapis.com/google.rpc.Help","links":[
                     {"description":"Learn more about Gemini API quotas","url":"https://ai.google.dev/gemini-api/docs/rate-limits"}]},
                   {"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"%s"}]}}"""
                .formatted(quotaId, retryDelay);
    }

    public static String unavailable() {
        return """
                {"error":{"code":503,"message":"The model is overloaded. Please try again later.","status":"UNAVAILABLE"}}""";
    }

    /** What Gemini answers a request with a wrong API key: a 400 that is about the key, not the photos. */
    public static String invalidApiKey() {
        return """
                {"error":{"code":400,"message":"API key not valid. Please pass a valid API key.",
                  "status":"INVALID_ARGUMENT","details":[
                   {"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"API_KEY_INVALID",
                    "domain":"googleapis.com","metadata":{"service":"generativelanguage.googleapis.com"}},
                   {"@type":"type.googleapis.com/google.rpc.LocalizedMessage","locale":"en-US",
                    "message":"API key not valid. Please pass a valid API key."}]}}""";
    }

    /** A 400 about where the request comes from, not what it carries. */
    public static String locationNotSupported() {
        return """
                {"error":{"code":400,"message":"User location is not supported for the API use.",
                  "status":"FAILED_PRECONDITION"}}""";
    }

    public static String badRequest() {
        return """
                {"error":{"code":400,"message":"Unable to process input image. Please retry or report in https://developers.generativeai.google/guide/troubleshooting",
                  "status":"INVALID_ARGUMENT"}}""";
    }
}
