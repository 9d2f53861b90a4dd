package dev.tradeloom.tenant.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import org.junit.jupiter.api.Test;

class CompanySearchPlansTest {
    private final AtomicLong nanos = new AtomicLong();
    private final CompanySearchPlans plans = new CompanySearchPlans(nanos::get);
    private int estimates;

    @Test
    void aSearchIsEstimatedOnce_whileItsChoiceIsKept() {
        assertThat(plans.fewMatches("pashmina", "", "", "", estimating(40))).isTrue();
        assertThat(plans.fewMatches("pashmina", "", "", "", estimating(40))).isTrue();
        assertThat(plans.fewMatches("silk", "", "", "", estimating(55_000))).isFalse();
        assertThat(plans.fewMatches("silk", "", "", "", estimating(55_000))).isFalse();
        assertThat(estimates).isEqualTo(2);
    }

    @Test
    void eachFilterMakesASearchOfItsOwn() {
        assertThat(plans.fewMatches("silk", "", "", "", estimating(55_000))).isFalse();
        assertThat(plans.fewMatches("silk", "", "Varanasi", "", estimating(120))).isTrue();
        assertThat(plans.fewMatches("silk", "supplier", "", "", estimating(30_000))).isFalse();
        assertThat(plans.fewMatches("silk", "", "", "Sarees", estimating(90))).isTrue();
        assertThat(estimates).isEqualTo(4);
    }

    @Test
    void aChoiceOlderThanItsTime_isEstimatedAgain() {
        assertThat(plans.fewMatches("khadi", "", "", "", estimating(250))).isTrue();
        nanos.addAndGet(CompanySearchPlans.KEPT_FOR.minusSeconds(1).toNanos());
        assertThat(plans.fewMatches("khadi", "", "", "", estimating(900))).isTrue();
        nanos.addAndGet(Duration.ofSeconds(2).toNanos());
        assertThat(plans.fewMatches("khadi", "", "", "", estimating(900))).isFalse();
        assertThat(estimates).isEqualTo(2);
    }

    private LongSupplier estimating(long matches) {
        return () -> {
            estimates++;
            return matches;
        };
    }
}
