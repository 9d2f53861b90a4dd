package dev.tradeloom.tryon.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.tradeloom.platform.config.ConfigException;
import dev.tradeloom.platform.config.Env;

/** Gemini settings read from the environment; one that would let a generation hang is refused at start. */
class GeminiSettingsTest {
    @Test
    void timeout_notPositive_isRefused() {
        // Armeria reads a response timeout of 0 as none: a Gemini call that never answers would hold its job
        // running for ever, its lease kept alive by heartbeats.
        for (String timeout : new String[] { "0s", "-5s" }) {
            final Env env = Env.of(Map.of("GEMINI_API_KEY", "k", "GEMINI_TIMEOUT", timeout));
            GeminiSettings.fromEnv(env);
            assertThatThrownBy(env::check).isInstanceOf(ConfigException.class)
                                          .hasMessageContaining("GEMINI_TIMEOUT: " + timeout);
        }
    }

    @Test
    void timeout_defaultsTo90Seconds() {
        final Env env = Env.of(Map.of("GEMINI_API_KEY", "k"));
        assertThat(GeminiSettings.fromEnv(env).timeout()).isEqualTo(Duration.ofSeconds(90));
        env.check();
    }
}
