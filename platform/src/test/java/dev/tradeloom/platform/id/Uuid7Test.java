package dev.tradeloom.platform.id;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class Uuid7Test {
    @Test
    void timeOf_readsTheMillisecondsAnIdWasMadeAt() {
        final Instant made = Instant.parse("2026-11-24T03:05:26.123Z");

        assertThat(Uuid7.timeOf(Uuid7.at(made.toEpochMilli()))).isEqualTo(made);
    }

    @Test
    void laterIds_sortLater() {
        final UUID earlier = Uuid7.at(1_000);
        final UUID later = Uuid7.at(1_001);

        assertThat(later.toString()).isGreaterThan(earlier.toString());
        assertThat(earlier.version()).isEqualTo(7);
    }

    @Test
    void timeOf_rejectsOtherVersions() {
        assertThatThrownBy(() -> Uuid7.timeOf(UUID.randomUUID())).isInstanceOf(IllegalArgumentException.class)
                                                                  .hasMessageContaining("Not a version-7 UUID");
    }
}
