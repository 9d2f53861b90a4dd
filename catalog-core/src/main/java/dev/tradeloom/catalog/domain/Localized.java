package dev.tradeloom.catalog.domain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import dev.tradeloom.catalog.store.TranslationRow;

/**
 * A name and description in the language a reader asked for. A request names one language or several in
 * order of preference, separated by commas ("mr,hi,en"); the choice falls back from each in turn to the
 * tenant's default language, then to the base fields (written in the default language). A language matches
 * exactly (ignoring case), then by its primary subtag ("hi-IN" finds "hi"), then any translation of that
 * primary language ("hi" finds "hi-IN", "pt-PT" finds "pt-BR"): a reader of the language gets it in some
 * region's form before another language.
 */
public record Localized(String language, String name, String description) {

    static Localized pick(String requested, String defaultLanguage, List<TranslationRow> translations,
                          String baseName, String baseDescription) {
        final List<String> wanted = new ArrayList<>(preferences(requested));
        wanted.add(defaultLanguage);
        for (String language : wanted) {
            if (language.isEmpty()) {
                continue;
            }
            final Optional<TranslationRow> found = find(language, translations);
            if (found.isPresent()) {
                final TranslationRow t = found.get();
                return new Localized(t.language(), t.name(), t.description());
            }
        }
        return new Localized(defaultLanguage, baseName, baseDescription);
    }

    /**
     * Whether {@code requested} names a language other than {@code written} (by primary subtag), so that a
     * translation could be picked over names written in {@code written}, the default language. Translations in
     * the default language itself are not looked for: base fields are written in it.
     */
    static boolean asksBeyond(String requested, String written) {
        final String primary = primary(written.toLowerCase(Locale.ROOT));
        return preferences(requested).stream()
                                     .anyMatch(tag -> !primary(tag.toLowerCase(Locale.ROOT)).equals(primary));
    }

    /** The most preferred of the requested languages, or empty. */
    static String first(String requested) {
        final List<String> preferences = preferences(requested);
        return preferences.isEmpty() ? "" : preferences.get(0);
    }

    private static List<String> preferences(String requested) {
        return Arrays.stream(requested.split(",")).map(String::strip).filter(tag -> !tag.isEmpty()).toList();
    }

    private static Optional<TranslationRow> find(String wanted, List<TranslationRow> translations) {
        final String lower = wanted.toLowerCase(Locale.ROOT);
        final String primary = primary(lower);
        return translations.stream().filter(t -> t.language().equalsIgnoreCase(lower)).findFirst()
                           .or(() -> translations.stream()
                                                 .filter(t -> t.language().equalsIgnoreCase(primary))
                                                 .findFirst())
                           .or(() -> translations.stream()
                                                 .filter(t -> primary(t.language().toLowerCase(Locale.ROOT))
                                                                      .equals(primary))
                                                 .findFirst());
    }

    private static String primary(String language) {
        return language.split("-", 2)[0];
    }
}
