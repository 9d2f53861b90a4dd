package dev.tradeloom.catalog.api;

import static dev.tradeloom.catalog.api.CommonProtos.NO_ID;
import static dev.tradeloom.catalog.api.CommonProtos.timestamp;

import java.time.Instant;
import java.util.Set;

import dev.tradeloom.catalog.domain.Translated;
import dev.tradeloom.catalog.store.TagRow;
import dev.tradeloom.catalog.v1.Tag;

/** Tags ↔ the contract's Tag message. */
final class TagProtos {
    static final Set<String> READ_ONLY = CategoryProtos.READ_ONLY;

    private TagProtos() {}

    static Tag tag(Translated<TagRow> t) {
        final TagRow row = t.row();
        return Tag.newBuilder()
                  .setId(row.id().toString())
                  .setName(row.name())
                  .setDescription(row.description())
                  .addAllTranslations(CommonProtos.translations(t.translations()))
                  .setLocalizedName(t.localized().name())
                  .setLocalizedDescription(t.localized().description())
                  .setLocalizedLanguage(t.localized().language())
                  .setEtag(Long.toString(row.version()))
                  .setCreateTime(timestamp(row.createdAt()))
                  .setUpdateTime(timestamp(row.updatedAt()))
                  .build();
    }

    static Translated<TagRow> draft(Tag t) {
        final Instant now = Instant.now();
        return Translated.draft(new TagRow(NO_ID, NO_ID, t.getName().trim(), t.getDescription(), 0, now, now),
                                CommonProtos.translationRows(t.getTranslationsList()));
    }
}
