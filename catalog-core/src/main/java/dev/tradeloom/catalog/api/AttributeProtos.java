package dev.tradeloom.catalog.api;

import static dev.tradeloom.catalog.api.CommonProtos.NO_ID;
import static dev.tradeloom.catalog.api.CommonProtos.timestamp;

import java.time.Instant;
import java.util.Locale;
import java.util.Set;

import dev.tradeloom.catalog.domain.Translated;
import dev.tradeloom.catalog.store.AttributeRow;
import dev.tradeloom.catalog.v1.Attribute;
import dev.tradeloom.catalog.v1.AttributeKind;

/** Attribute definitions ↔ the contract's Attribute message. */
final class AttributeProtos {
    static final Set<String> READ_ONLY = CategoryProtos.READ_ONLY;

    private AttributeProtos() {}

    static Attribute attribute(Translated<AttributeRow> a) {
        final AttributeRow row = a.row();
        return Attribute.newBuilder()
                        .setId(row.id().toString())
                        .setKey(row.key())
                        .setName(row.name())
                        .setDescription(row.description())
                        .setKind(AttributeKind.valueOf("ATTRIBUTE_KIND_" + row.kind().toUpperCase(Locale.ROOT)))
                        .addAllAllowedValues(row.allowedValues())
                        .addAllTranslations(CommonProtos.translations(a.translations()))
                        .setLocalizedName(a.localized().name())
                        .setLocalizedDescription(a.localized().description())
                        .setLocalizedLanguage(a.localized().language())
                        .setEtag(Long.toString(row.version()))
                        .setCreateTime(timestamp(row.createdAt()))
                        .setUpdateTime(timestamp(row.updatedAt()))
                        .build();
    }

    static Translated<AttributeRow> draft(Attribute a) {
        final Instant now = Instant.now();
        final String kind = a.getKind() == AttributeKind.ATTRIBUTE_KIND_UNSPECIFIED
                            ? "" : a.getKind().name().substring("ATTRIBUTE_KIND_".length()).toLowerCase(Locale.ROOT);
        return Translated.draft(new AttributeRow(NO_ID, NO_ID, a.getKey(), a.getName().trim(), a.getDescription(),
                                                 kind, a.getAllowedValuesList(), 0, now, now),
                                CommonProtos.translationRows(a.getTranslationsList()));
    }
}
