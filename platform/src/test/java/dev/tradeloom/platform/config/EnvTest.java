package dev.tradeloom.platform.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

class EnvTest {
    @Test
    void durations_readTheirUnits() {
        final Env env = Env.of(Map.of("A", "250ms", "B", "30s", "C", "15m", "D", "7d", "E", "PT2H"));
        assertThat(env.duration("A", Duration.ZERO)).isEqualTo(Duration.ofMillis(250));
        assertThat(env.duration("B", Duration.ZERO)).isEqualTo(Duration.ofSeconds(30));
        assertThat(env.duration("C", Duration.ZERO)).isEqualTo(Duration.ofMinutes(15));
        assertThat(env.duration("D", Duration.ZERO)).isEqualTo(Duration.ofDays(7));
        assertThat(env.duration("E", Duration.ZERO)).isEqualTo(Duration.ofHours(2));
        env.check();
    }

    @Test
    void aDurationTooLargeToHold_isAProblemNamingTheVariable_notACrash() {
        final Env env = Env.of(Map.of("JOB_RETENTION", "99999999999999d", "JOB_LEASE", "soon"));
        assertThat(env.duration("JOB_RETENTION", Duration.ofDays(7))).isEqualTo(Duration.ofDays(7));
        assertThat(env.duration("JOB_LEASE", Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(30));
        assertThatThrownBy(env::check).isInstanceOf(ConfigException.class)
                                      .hasMessageContaining("JOB_RETENTION: '99999999999999d'")
                                      .hasMessageContaining("JOB_LEASE: 'soon'");
    }
}
