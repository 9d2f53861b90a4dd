package dev.tradeloom.catalog.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SuggestionsTest {
    @Test
    void prefixDistance_countsASwapOfNeighboursAsOneEdit() {
        assertThat(Suggestions.prefixDistance("silk", "slik")).isEqualTo(1);
        assertThat(Suggestions.prefixDistance("slim", "slik")).isEqualTo(1);
        assertThat(Suggestions.prefixDistance("saree", "slik")).isEqualTo(3);
    }

    @Test
    void prefixDistance_measuresAgainstTheStartOfTheWord() {
        assertThat(Suggestions.prefixDistance("dupatta", "dup")).isZero();
        // A letter left out or typed twice costs one.
        assertThat(Suggestions.prefixDistance("dupatta", "dupata")).isEqualTo(1);
        assertThat(Suggestions.prefixDistance("silk", "siilk")).isEqualTo(1);
        // Shorter words than the typed one cannot complete it.
        assertThat(Suggestions.prefixDistance("si", "silky")).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void allowedEdits_growWithTheWord() {
        assertThat(Suggestions.allowedEdits("sa")).isZero();
        assertThat(Suggestions.allowedEdits("slik")).isEqualTo(1);
        assertThat(Suggestions.allowedEdits("बनारसी")).isEqualTo(2);
    }
}
