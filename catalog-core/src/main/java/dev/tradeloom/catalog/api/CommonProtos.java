package dev.tradeloom.catalog.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import com.google.protobuf.Timestamp;

import dev.tradeloom.catalog.store.TranslationRow;
import dev.tradeloom.catalog.v1.AttributeValue;
import dev.tradeloom.catalog.v1.Money;
import dev.tradeloom.catalog.v1.Translation;
import dev.tradeloom.platform.error.InvalidArgumentException;

/** Conversions every catalog resource shares: times, ids, translations, attribute values, money. */
final class CommonProtos {
    /** Stands for "no id yet" in drafts; the domain assigns real ids. */
    static final UUID NO_ID = new UUID(0, 0);

    private CommonProtos() {}

    static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }

    /** A required id from a request (its format is checked by the contract's rules). */
    static UUID id(String value) {
        return UUID.fromString(value);
    }

    /** An optional id: empty means none. */
    static @Nullable UUID optionalId(String value) {
        return value.isEmpty() ? null : UUID.fromString(value);
    }

    /** An id of a resource named in a request body; the contract allows it empty, the rpc needs it. */
    static UUID requiredId(String value, String field) {
        if (value.isEmpty()) {
            throw InvalidArgumentException.of(field, "is required (the id of the resource to change)");
        }
        return UUID.fromString(value);
    }

    static @Nullable UUID requestId(String value) {
        return value.isEmpty() ? null : UUID.fromString(value);
    }

    static List<Translation> translations(List<TranslationRow> rows) {
        return rows.stream().map(t -> Translation.newBuilder().setLanguage(t.language()).setName(t.name())
                                                 .setDescription(t.description()).build()).toList();
    }

    /** Translations as rows; owners are set by the domain. */
    static List<TranslationRow> translationRows(List<Translation> translations) {
        return translations.stream().map(t -> new TranslationRow(NO_ID, t.getLanguage(), t.getName().trim(),
                                                                  t.getDescription())).toList();
    }

    static List<AttributeValue> attributes(List<String> keys, List<String> values) {
        final List<AttributeValue> result = new ArrayList<>(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            result.add(AttributeValue.newBuilder().setKey(keys.get(i)).setValue(values.get(i)).build());
        }
        return result;
    }

    static List<String> keys(List<AttributeValue> attributes) {
        return attributes.stream().map(AttributeValue::getKey).toList();
    }

    static List<String> values(List<AttributeValue> attributes) {
        return attributes.stream().map(AttributeValue::getValue).toList();
    }

    static Money money(long amountMinor, String currency) {
        return Money.newBuilder().setAmountMinor(amountMinor).setCurrency(currency).build();
    }
}
