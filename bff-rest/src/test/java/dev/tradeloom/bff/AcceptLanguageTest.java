package dev.tradeloom.bff;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AcceptLanguageTest {
    @Test
    void preferred_ranksTheTagsByWeight_inHeaderOrderAmongEquals() {
        assertThat(AcceptLanguage.preferred("hi-IN,hi;q=0.9,en;q=0.8")).isEqualTo("hi-IN,hi,en");
        assertThat(AcceptLanguage.preferred("en;q=0.5, ta;q=0.7, hi")).isEqualTo("hi,ta,en");
        assertThat(AcceptLanguage.preferred("ta;q=0.7,mr;q=0.7")).isEqualTo("ta,mr");
        assertThat(AcceptLanguage.preferred("pt-BR")).isEqualTo("pt-BR");
        assertThat(AcceptLanguage.preferred("hi, HI;q=0.5, en")).isEqualTo("hi,en");
    }

    @Test
    void preferred_keepsWhatFitsALanguageField_mostPreferredFirst() {
        final String ranked = AcceptLanguage.preferred(
                "mr-IN, hi-IN;q=0.9, hi;q=0.8, gu-IN;q=0.7, en-GB;q=0.6, en;q=0.5, ta;q=0.4");
        assertThat(ranked).isEqualTo("mr-IN,hi-IN,hi,gu-IN,en-GB,en,ta");
        assertThat(ranked.length()).isLessThanOrEqualTo(35);
        assertThat(AcceptLanguage.preferred("zh-Hant-TW, zh-Hans-CN;q=0.9, en-US;q=0.8, ja-JP;q=0.7, de;q=0.6"))
                .isEqualTo("zh-Hant-TW,zh-Hans-CN,en-US,ja-JP");
        assertThat(AcceptLanguage.preferred("zh-Hant-TW, zh-Hans-CN;q=0.9, en-US;q=0.8, ja-JP;q=0.7, ko-KR, de"))
                .isEqualTo("zh-Hant-TW,ko-KR,de,zh-Hans-CN");
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
