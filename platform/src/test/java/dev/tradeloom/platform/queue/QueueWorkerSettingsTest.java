package dev.tradeloom.platform.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.tradeloom.platform.config.ConfigException;
import dev.tradeloom.platform.config.Env;

/** Settings that would stall or spin a worker are refused, whether given in code or in the environment. */
class QueueWorkerSettingsTest {
    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofSeconds(2);
    private static final Duration BASE = Duration.ofSeconds(1);
    private static final Duration CAP = Duration.ofMinutes(10);

    @Test
    void pollInterval_notPositive_isRefused() {
        assertThatThrownBy(() -> new QueueWorkerSettings(8, 32, LEASE, Duration.ZERO, BASE, CAP))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("pollInterval: PT0S (expected: >= 1ms)");
        assertThatThrownBy(() -> new QueueWorkerSettings(8, 32, LEASE, Duration.ofSeconds(-1), BASE, CAP))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("pollInterval: PT-1S (expected: >= 1ms)");
        // Object.wait counts whole milliseconds: less than one would be 0, which waits forever.
        assertThatThrownBy(() -> new QueueWorkerSettings(8, 32, LEASE, Duration.ofNanos(999_999), BASE, CAP))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("pollInterval: ");
    }

    @Test
    void backoffBase_notPositive_isRefused() {
        assertThatThrownBy(() -> new QueueWorkerSettings(8, 32, LEASE, POLL, Duration.ofSeconds(-1), CAP))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("backoffBase: PT-1S (expected: >= 1ms)");
        assertThatThrownBy(() -> new QueueWorkerSettings(8, 32, LEASE, POLL, Duration.ZERO, CAP))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("backoffBase: PT0S (expected: >= 1ms)");
    }

    @Test
    void backoffCap_belowTheBase_isRefused() {
        assertThatThrownBy(() -> new QueueWorkerSettings(8, 32, LEASE, POLL, BASE, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("backoffCap: PT0S (expected: >= backoffBase, PT1S)");
        assertThatThrownBy(() -> new QueueWorkerSettings(8, 32, LEASE, POLL, BASE, Duration.ofMillis(999)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("backoffCap: PT0.999S (expected: >= backoffBase, PT1S)");
        assertThatCode(() -> new QueueWorkerSettings(8, 32, LEASE, POLL, BASE, BASE))
                .doesNotThrowAnyException();
    }

    @Test
    void backoff_staysWithinTheCap_evenWhereTheDoubledBaseOverflows() {
        final QueueWorkerSettings slow = new QueueWorkerSettings(8, 32, LEASE, POLL, Duration.ofDays(200),
                                                                 Duration.ofDays(365));
        for (int attempt = 1; attempt <= 40; attempt++) {
            assertThat(slow.backoff(attempt)).isBetween(Duration.ZERO, Duration.ofDays(365));
        }
    }

    @Test
    void fromEnv_badDurations_areReportedAsProblems_allAtOnce() {
        final Env env = Env.of(Map.of("JOB_POLL_INTERVAL", "0s", "JOB_BACKOFF_BASE", "-1s",
                                      "JOB_LEASE", "100ms"));
        QueueWorkerSettings.fromEnv(env);
        assertThatThrownBy(env::check)
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("JOB_POLL_INTERVAL: PT0S (expected: at least 1ms, such as 2s)")
                .hasMessageContaining("JOB_BACKOFF_BASE: PT-1S (expected: at least 1ms, such as 1s)")
                .hasMessageContaining("JOB_LEASE: PT0.1S (expected: at least 300ms, such as 30s)");
    }

    @Test
    void fromEnv_negativePollInterval_isReportedAsAProblem() {
        final Env env = Env.of(Map.of("JOB_POLL_INTERVAL", "-1s"));
        QueueWorkerSettings.fromEnv(env);
        assertThatThrownBy(env::check)
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("JOB_POLL_INTERVAL: PT-1S (expected: at least 1ms, such as 2s)");
    }

    @Test
    void fromEnv_capBelowTheBase_isReportedAsAProblem() {
        final Env zero = Env.of(Map.of("JOB_BACKOFF_CAP", "0s"));
        QueueWorkerSettings.fromEnv(zero);
        assertThatThrownBy(zero::check)
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("JOB_BACKOFF_CAP: PT0S (expected: at least JOB_BACKOFF_BASE, PT1S)");

        // The default cap (10m) is below a base of 20m.
        final Env base = Env.of(Map.of("JOB_BACKOFF_BASE", "20m"));
        QueueWorkerSettings.fromEnv(base);
        assertThatThrownBy(base::check)
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("JOB_BACKOFF_CAP: PT10M (expected: at least JOB_BACKOFF_BASE, PT20M)");
    }

    @Test
    void fromEnv_goodDurations_areTaken() {
        final Env env = Env.of(Map.of("JOB_POLL_INTERVAL", "250ms", "JOB_BACKOFF_BASE", "2s",
                                      "JOB_BACKOFF_CAP", "2s", "JOB_LEASE", "1m"));
        final QueueWorkerSettings settings = QueueWorkerSettings.fromEnv(env);
        env.check();
        assertThat(settings.pollInterval()).isEqualTo(Duration.ofMillis(250));
        assertThat(settings.backoffBase()).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.backoffCap()).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.lease()).isEqualTo(Duration.ofMinutes(1));
    }
}
