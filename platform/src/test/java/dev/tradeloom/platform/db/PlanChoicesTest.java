package dev.tradeloom.platform.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

class PlanChoicesTest {
    /** A search as company search tells them apart: the query and each filter. */
    private record Search(String query, String city) {}

    private final AtomicLong nanos = new AtomicLong();
    private final PlanChoices<Search> plans = new PlanChoices<>(100, nanos::get);
    private int estimates;

    @Test
    void aSearchIsEstimatedOnce_whileItsChoiceIsKept() {
        assertThat(plans.of(new Search("pashmina", ""), fewerThan300(40))).isTrue();
        assertThat(plans.of(new Search("pashmina", ""), fewerThan300(40))).isTrue();
        assertThat(plans.of(new Search("silk", ""), fewerThan300(55_000))).isFalse();
        assertThat(plans.of(new Search("silk", ""), fewerThan300(55_000))).isFalse();
        assertThat(estimates).isEqualTo(2);
    }

    @Test
    void eachInputOfTheEstimate_makesASearchOfItsOwn() {
        assertThat(plans.of(new Search("silk", ""), fewerThan300(55_000))).isFalse();
        assertThat(plans.of(new Search("silk", "Varanasi"), fewerThan300(120))).isTrue();
        assertThat(plans.of(new Search("Silk", ""), fewerThan300(120))).isTrue();
        assertThat(estimates).isEqualTo(3);
    }

    @Test
    void aChoiceOlderThanItsTime_isEstimatedAgain() {
        assertThat(plans.of(new Search("khadi", ""), fewerThan300(250))).isTrue();
        nanos.addAndGet(PlanChoices.KEPT_FOR.minusSeconds(1).toNanos());
        assertThat(plans.of(new Search("khadi", ""), fewerThan300(900))).isTrue();
        nanos.addAndGet(Duration.ofSeconds(2).toNanos());
        assertThat(plans.of(new Search("khadi", ""), fewerThan300(900))).isFalse();
        assertThat(estimates).isEqualTo(2);
    }

    private Predicate<Search> fewerThan300(long estimatedMatches) {
        return search -> {
            estimates++;
            return estimatedMatches < 300;
        };
    }
}
