package dev.tradeloom.catalog.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.tradeloom.catalog.store.TranslationRow;

class LocalizedTest {
    private static final UUID PRODUCT = UUID.randomUUID();
    private static final List<TranslationRow> STORED = List.of(
            new TranslationRow(PRODUCT, "hi-IN", "बनारसी साड़ी", ""),
            new TranslationRow(PRODUCT, "pt-BR", "Sári de Banaras", ""),
            new TranslationRow(PRODUCT, "mr", "बनारसी साडी", ""));

    @Test
    void aLanguage_findsItsOwnTag_thenItsPrimaryLanguage_thenAnyRegionOfIt() {
        assertThat(pick("hi-IN").language()).isEqualTo("hi-IN");
        assertThat(pick("mr-IN").language()).isEqualTo("mr");
        // A reader of Hindi gets the Hindi a seller stored as hi-IN, not the default language.
        assertThat(pick("hi").name()).isEqualTo("बनारसी साड़ी");
        assertThat(pick("pt-PT").language()).isEqualTo("pt-BR");
    }

    @Test
    void asksBeyond_isAnyRequestedLanguageOtherThanTheOneNamesAreWrittenIn() {
        assertThat(Localized.asksBeyond("", "en")).isFalse();
        assertThat(Localized.asksBeyond("en-US, EN", "en")).isFalse();
        assertThat(Localized.asksBeyond("hi", "hi-IN")).isFalse();
        assertThat(Localized.asksBeyond("hi", "en")).isTrue();
        assertThat(Localized.asksBeyond("en,hi", "en")).isTrue();
        // A supplier the catalog has not heard of yet writes in no known language.
        assertThat(Localized.asksBeyond("en", "")).isTrue();
    }

    @Test
    void preferencesAreTriedInOrder_beforeTheDefaultLanguage() {
        assertThat(pick("ta, HI").language()).isEqualTo("hi-IN");
        assertThat(pick("ta").language()).isEqualTo("en");
        assertThat(pick("ta").name()).isEqualTo("Banarasi saree");
    }

    private static Localized pick(String requested) {
        return Localized.pick(requested, "en", STORED, "Banarasi saree", "");
    }
}
