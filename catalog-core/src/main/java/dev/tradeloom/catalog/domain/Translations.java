package dev.tradeloom.catalog.domain;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import dev.tradeloom.catalog.store.TranslationRow;
import dev.tradeloom.platform.error.InvalidArgumentException;

/** Rules shared by every translated resource. */
final class Translations {
    private Translations() {}

    /** One translation per language, each with a name; {@code field} names the list in the error. */
    static void check(List<TranslationRow> translations, String field) {
        final Set<String> seen = new HashSet<>();
        for (int i = 0; i < translations.size(); i++) {
            final TranslationRow t = translations.get(i);
            if (t.name().isBlank()) {
                throw InvalidArgumentException.of(field + "[" + i + "].name",
                                                  "is blank (expected: the name in language '" + t.language() + "')");
            }
            if (!seen.add(t.language().toLowerCase(Locale.ROOT))) {
                throw InvalidArgumentException.of(field, "language '" + t.language()
                                                         + "' appears twice (expected: one translation per language)");
            }
        }
    }
}
