package dev.tradeloom.catalog.feed;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MetaFeedXmlTest {
    @Test
    void price_scalesMinorUnitsByTheCurrencysExponent() {
        assertThat(MetaFeedXml.price(500_000, "INR")).isEqualTo("5000.00 INR");
        assertThat(MetaFeedXml.price(5, "INR")).isEqualTo("0.05 INR");
        assertThat(MetaFeedXml.price(0, "USD")).isEqualTo("0.00 USD");
        assertThat(MetaFeedXml.price(5_000, "JPY")).isEqualTo("5000 JPY");
        assertThat(MetaFeedXml.price(1_234, "KWD")).isEqualTo("1.234 KWD");
    }

    @Test
    void gender_isOneOfMetasThreeValues_orLeftOut() {
        assertThat(MetaFeedXml.gender("Women")).isEqualTo("female");
        assertThat(MetaFeedXml.gender(" men's ")).isEqualTo("male");
        assertThat(MetaFeedXml.gender("Unisex")).isEqualTo("unisex");
        assertThat(MetaFeedXml.gender("महिला")).isEqualTo("female");
        assertThat(MetaFeedXml.gender("पुरुष")).isEqualTo("male");
        assertThat(MetaFeedXml.gender("kids")).isNull();
        assertThat(MetaFeedXml.gender(null)).isNull();
    }

    @Test
    void clean_dropsWhatXmlForbids_andCutsWholeCharacters() {
        assertThat(MetaFeedXml.clean("  Silk\u0001 saree\uFFFE  ", 100)).isEqualTo("Silk saree");
        assertThat(MetaFeedXml.clean("Zari\tborder\nline", 100)).isEqualTo("Zari\tborder\nline");
        // A character outside the BMP counts once and is never split.
        assertThat(MetaFeedXml.clean("ab\uD83E\uDDF5cd", 3)).isEqualTo("ab\uD83E\uDDF5");
        assertThat(MetaFeedXml.clean("x".repeat(250), MetaFeedXml.MAX_TITLE)).hasSize(200);
    }
}
