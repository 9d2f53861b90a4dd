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

    /** One translation per language; {@code field} names the list in the error. */
    static void checkUnique(List<TranslationRow> translations, String field) {
        final Set<String> seen = new HashSet<>();
        for (TranslationRow t : translations) {
            if (!seen.add(t.language().toLowerCase(Locale.ROOT))) {
                throw InvalidArgumentException.of(field, "language '" + t.language()
                                                         + "' appears twice (expected: one translation per language)");
            }
        }
    }
}
