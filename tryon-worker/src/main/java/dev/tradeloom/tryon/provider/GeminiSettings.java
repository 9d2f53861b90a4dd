package dev.tradeloom.tryon.provider;

import java.time.Duration;

import dev.tradeloom.platform.config.Env;

/**
 * Google Gemini image generation (INTEGRATIONS.md, "Google Gemini").
 *
 * @param apiKey  {@code GEMINI_API_KEY}; empty (the default) uses the offline provider instead
 * @param baseUrl {@code GEMINI_BASE_URL}, default {@code https://generativelanguage.googleapis.com}
 * @param model   {@code GEMINI_MODEL}, default {@code gemini-3.1-flash-image}
 * @param timeout {@code GEMINI_TIMEOUT}, default 90s: the longest one generation may take
 */
public record GeminiSettings(String apiKey, String baseUrl, String model, Duration timeout) {
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(90);

    public static GeminiSettings fromEnv(Env env) {
        final String base = env.string("GEMINI_BASE_URL", "https://generativelanguage.googleapis.com");
        return new GeminiSettings(env.string("GEMINI_API_KEY", ""),
                                  base.endsWith("/") ? base.substring(0, base.length() - 1) : base,
                                  env.string("GEMINI_MODEL", "gemini-3.1-flash-image"),
                                  // The HTTP client reads 0 as no timeout: a call that never answers would hold
                                  // its job.
                                  env.positiveDuration("GEMINI_TIMEOUT", DEFAULT_TIMEOUT));
    }

    /** No key: the offline provider. */
    public static GeminiSettings offline() {
        return new GeminiSettings("", "https://generativelanguage.googleapis.com", "gemini-3.1-flash-image",
                                  Duration.ofSeconds(90));
    }

    public boolean enabled() {
        return !apiKey.isEmpty();
    }

    @Override
    public String toString() {
        // The key is never logged.
        return "GeminiSettings[apiKey=" + (apiKey.isEmpty() ? "" : "****") + ", baseUrl=" + baseUrl + ", model="
               + model + ", timeout=" + timeout + ']';
    }
}
