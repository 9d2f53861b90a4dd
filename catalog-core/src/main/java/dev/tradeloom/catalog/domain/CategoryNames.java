package dev.tradeloom.catalog.domain;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import dev.tradeloom.catalog.store.FacetRow;
import dev.tradeloom.catalog.store.ProductSearchDao;
import dev.tradeloom.catalog.store.SearchHitRow;
import dev.tradeloom.catalog.store.TranslationRow;

/**
 * Category names of search cards and category facets in the reader's language, with the fallbacks of every
 * read ({@link Localized}). The search projection holds each category's name as its supplier wrote it, in the
 * supplier's default language; translations are read after the page, for its cards' categories and the facets'
 * (a page and a few dozen buckets) in one query, and only when the reader asked for a language other than one
 * of those names is written in. A reader of the supplier's language, or one who names none, costs no query.
 */
final class CategoryNames {
    private static final CategoryNames AS_WRITTEN = new CategoryNames("", Map.of());

    private final String language;
    private final Map<UUID, List<TranslationRow>> translations;

    private CategoryNames(String language, Map<UUID, List<TranslationRow>> translations) {
        this.language = language;
        this.translations = translations;
    }

    /** The names of the categories of {@code rows} and {@code facets} for a reader of {@code language}. */
    static CategoryNames read(ProductSearchDao dao, String language, List<SearchHitRow> rows,
                              List<FacetRow> facets) {
        final Set<UUID> wanted = new LinkedHashSet<>();
        for (SearchHitRow row : rows) {
            if (row.categoryId() != null && Localized.asksBeyond(language, row.defaultLanguage())) {
                wanted.add(row.categoryId());
            }
        }
        for (FacetRow facet : facets) {
            if (Localized.asksBeyond(language, facet.language())) {
                wanted.add(UUID.fromString(facet.value()));
            }
        }
        if (wanted.isEmpty()) {
            return AS_WRITTEN;
        }
        final Map<UUID, List<TranslationRow>> byCategory = new HashMap<>();
        for (TranslationRow t : dao.categoryTranslations(wanted.toArray(UUID[]::new))) {
            byCategory.computeIfAbsent(t.ownerId(), id -> new ArrayList<>()).add(t);
        }
        return new CategoryNames(language, byCategory);
    }

    /** The name of {@code row}'s category. */
    String of(SearchHitRow row) {
        final @Nullable UUID id = row.categoryId();
        return id == null ? row.categoryName() : pick(id, row.defaultLanguage(), row.categoryName()).name();
    }

    /** {@code facets} labelled with their categories' names. */
    List<FacetRow> of(List<FacetRow> facets) {
        if (translations.isEmpty()) {
            return facets;
        }
        return facets.stream().map(f -> {
            final Localized name = pick(UUID.fromString(f.value()), f.language(), f.label());
            return f.withLabel(name.name(), name.language());
        }).toList();
    }

    private Localized pick(UUID categoryId, String defaultLanguage, String written) {
        final @Nullable List<TranslationRow> own = translations.get(categoryId);
        return own == null ? new Localized(defaultLanguage, written, "")
                           : Localized.pick(language, defaultLanguage, own, written, "");
    }
}
