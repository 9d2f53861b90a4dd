package dev.tradeloom.bff;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AcceptLanguageTest {
    @Test
    void preferred_isTheHighestWeightedTag_firstAmongEquals() {
        assertThat(AcceptLanguage.preferred("hi-IN,hi;q=0.9,en;q=0.8")).isEqualTo("hi-IN");
        assertThat(AcceptLanguage.preferred("en;q=0.5, ta;q=0.7, hi")).isEqualTo("hi");
        assertThat(AcceptLanguage.preferred("ta;q=0.7,mr;q=0.7")).isEqualTo("ta");
        assertThat(AcceptLanguage.preferred("pt-BR")).isEqualTo("pt-BR");
    }

    @Test
    void preferred_ignoresWildcards_zeroWeights_andNonsense() {
        assertThat(AcceptLanguage.preferred(null)).isNull();
        assertThat(AcceptLanguage.preferred(" ")).isNull();
        assertThat(AcceptLanguage.preferred("*")).isNull();
        assertThat(AcceptLanguage.preferred("fr;q=0")).isNull();
        assertThat(AcceptLanguage.preferred("fr;q=abc, de;q=0.2")).isEqualTo("de");
        assertThat(AcceptLanguage.preferred("<script>")).isNull();
        assertThat(AcceptLanguage.preferred(";")).isNull();
        assertThat(AcceptLanguage.preferred(";;;,")).isNull();
        assertThat(AcceptLanguage.preferred("en,;")).isEqualTo("en");
    }
}
