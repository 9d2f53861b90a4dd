package dev.tradeloom.catalog.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import org.jdbi.v3.core.Handle;

import dev.tradeloom.catalog.store.TranslationDao;
import dev.tradeloom.catalog.store.TranslationRow;

/** A category, tag or attribute row with its translations and its name in the reader's language. */
public record Translated<R>(R row, List<TranslationRow> translations, Localized localized) {

    public Translated {
        translations = List.copyOf(translations);
    }

    /** A client's draft: a row and the translations to store with it. */
    public static <R> Translated<R> draft(R row, List<TranslationRow> translations) {
        return new Translated<>(row, translations, new Localized("", "", ""));
    }

    /** Completes {@code rows} with their translations in one query. */
    static <R> List<Translated<R>> load(Handle h, TranslationDao.Kind kind, UUID tenantId, List<R> rows,
                                        Function<R, UUID> idOf, Function<R, String> nameOf,
                                        Function<R, String> descriptionOf, String language) {
        if (rows.isEmpty()) {
            return List.of();
        }
        final Map<UUID, List<TranslationRow>> byOwner = new LinkedHashMap<>();
        rows.forEach(r -> byOwner.put(idOf.apply(r), new ArrayList<>()));
        h.attach(TranslationDao.class).list(kind, tenantId, List.copyOf(byOwner.keySet()))
         .forEach(t -> byOwner.get(t.ownerId()).add(t));
        final String defaultLanguage = ProductLoader.defaultLanguage(h, tenantId);
        final List<Translated<R>> result = new ArrayList<>(rows.size());
        for (R row : rows) {
            final List<TranslationRow> own = byOwner.get(idOf.apply(row));
            result.add(new Translated<>(row, own, Localized.pick(language, defaultLanguage, own, nameOf.apply(row),
                                                                 descriptionOf.apply(row))));
        }
        return result;
    }

    /** Stores {@code draft}'s translations as those of {@code ownerId}, replacing what was there. */
    static void write(Handle h, TranslationDao.Kind kind, UUID tenantId, UUID ownerId, List<TranslationRow> draft,
                      String field) {
        Translations.check(draft, field);
        h.attach(TranslationDao.class).replace(
                kind, tenantId, ownerId,
                draft.stream().map(t -> new TranslationRow(ownerId, t.language(), t.name(), t.description()))
                     .toList());
    }
}
