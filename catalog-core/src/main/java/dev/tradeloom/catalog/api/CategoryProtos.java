package dev.tradeloom.catalog.api;

import static dev.tradeloom.catalog.api.CommonProtos.NO_ID;
import static dev.tradeloom.catalog.api.CommonProtos.timestamp;

import java.time.Instant;
import java.util.Set;

import dev.tradeloom.catalog.domain.Translated;
import dev.tradeloom.catalog.store.CategoryRow;
import dev.tradeloom.catalog.v1.Category;

/** Categories ↔ the contract's Category message. */
final class CategoryProtos {
    static final Set<String> READ_ONLY = Set.of("id", "localized_name", "localized_description",
                                                "localized_language", "etag", "create_time", "update_time");

    private CategoryProtos() {}

    static Category category(Translated<CategoryRow> c) {
        final CategoryRow row = c.row();
        return Category.newBuilder()
                       .setId(row.id().toString())
                       .setParentId(row.parentId() == null ? "" : row.parentId().toString())
                       .setName(row.name())
                       .setDescription(row.description())
                       .setTaxonomyId(row.taxonomyId())
                       .addAllTranslations(CommonProtos.translations(c.translations()))
                       .setLocalizedName(c.localized().name())
                       .setLocalizedDescription(c.localized().description())
                       .setLocalizedLanguage(c.localized().language())
                       .setEtag(Long.toString(row.version()))
                       .setCreateTime(timestamp(row.createdAt()))
                       .setUpdateTime(timestamp(row.updatedAt()))
                       .build();
    }

    static Translated<CategoryRow> draft(Category c) {
        final Instant now = Instant.now();
        return Translated.draft(new CategoryRow(NO_ID, NO_ID, CommonProtos.optionalId(c.getParentId()),
                                                c.getName().trim(), c.getDescription(), c.getTaxonomyId().trim(), 0,
                                                now, now),
                                CommonProtos.translationRows(c.getTranslationsList()));
    }
}
