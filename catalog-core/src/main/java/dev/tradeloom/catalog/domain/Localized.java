package dev.tradeloom.catalog.domain;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import dev.tradeloom.catalog.store.TranslationRow;

/**
 * A name and description in the language a reader asked for. The choice falls back from the requested
 * language to the tenant's default language, then to the base fields (written in the default language).
 * A language matches exactly (ignoring case) or by its primary subtag ("hi-IN" finds "hi").
 */
public record Localized(String language, String name, String description) {

    static Localized pick(String requested, String defaultLanguage, List<TranslationRow> translations,
                          String baseName, String baseDescription) {
        for (String wanted : List.of(requested, defaultLanguage)) {
            if (wanted.isEmpty()) {
                continue;
            }
            final Optional<TranslationRow> found = find(wanted, translations);
            if (found.isPresent()) {
                final TranslationRow t = found.get();
                return new Localized(t.language(), t.name(), t.description());
            }
        }
        return new Localized(defaultLanguage, baseName, baseDescription);
    }

    private static Optional<TranslationRow> find(String wanted, List<TranslationRow> translations) {
        final String lower = wanted.toLowerCase(Locale.ROOT);
        final String primary = lower.split("-", 2)[0];
        return translations.stream().filter(t -> t.language().equalsIgnoreCase(lower)).findFirst()
                           .or(() -> translations.stream()
                                                 .filter(t -> t.language().equalsIgnoreCase(primary))
                                                 .findFirst());
    }
}
