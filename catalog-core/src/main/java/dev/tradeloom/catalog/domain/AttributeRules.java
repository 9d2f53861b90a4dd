package dev.tradeloom.catalog.domain;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.jdbi.v3.core.Handle;

import dev.tradeloom.catalog.store.AttributeDao;
import dev.tradeloom.catalog.store.AttributeRow;
import dev.tradeloom.platform.error.InvalidArgumentException;

/**
 * Attribute values must name a definition of the tenant, once each, and suit its kind. A value that was
 * stored before is not checked again: a seller's stock change must not fail over an attribute it did not
 * touch (and narrowing or deleting a definition removes the values it no longer allows, see
 * {@link Attributes}).
 */
final class AttributeRules {
    private AttributeRules() {}

    /**
     * Checks the values that are not in {@code stored} (key to value) as they are, and returns the values to
     * store: those given, with numbers in ASCII digits (see {@link NumberValues}).
     */
    static List<String> check(Handle h, UUID tenantId, List<String> keys, List<String> values,
                              Map<String, String> stored, String field) {
        final String[] changed = IntStream.range(0, keys.size())
                                          .filter(i -> !values.get(i).equals(stored.get(keys.get(i))))
                                          .mapToObj(keys::get).toArray(String[]::new);
        final Map<String, AttributeRow> definitions = changed.length == 0 ? Map.of()
                : h.attach(AttributeDao.class).findByKeys(tenantId, changed).stream()
                   .collect(Collectors.toMap(AttributeRow::key, Function.identity()));
        final Set<String> seen = new HashSet<>();
        final List<String> checked = new ArrayList<>(values);
        for (int i = 0; i < keys.size(); i++) {
            final String key = keys.get(i);
            final String value = values.get(i);
            final String at = field + '[' + i + ']';
            if (!seen.add(key)) {
                throw InvalidArgumentException.of(at + ".key", "'" + key + "' appears twice (expected: once)");
            }
            if (value.equals(stored.get(key))) {
                continue;
            }
            final AttributeRow definition = definitions.get(key);
            if (definition == null) {
                throw InvalidArgumentException.of(at + ".key", "'" + key + "' is not an attribute of this tenant "
                                                               + "(expected: the key of an attribute definition)");
            }
            checked.set(i, checkValue(definition, value, at + ".value"));
        }
        return checked;
    }

    /** {@code keys} paired with {@code values}. */
    static Map<String, String> pairs(List<String> keys, List<String> values) {
        final Map<String, String> pairs = new HashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            pairs.put(keys.get(i), values.get(i));
        }
        return pairs;
    }

    /** {@code value} as it is stored, if it suits {@code definition}. */
    private static String checkValue(AttributeRow definition, String value, String field) {
        switch (definition.kind()) {
            case "number" -> {
                return NumberValues.ascii(value).orElseThrow(() -> InvalidArgumentException.of(
                        field, "'" + value + "' is not a number (expected: a decimal such as 12.5 for "
                               + definition.key() + ", with '.' before any fraction)"));
            }
            case "enum" -> {
                if (!definition.allowedValues().contains(value)) {
                    throw InvalidArgumentException.of(field, "'" + value + "' (expected one of "
                                                             + definition.allowedValues() + " for "
                                                             + definition.key() + ')');
                }
                return value;
            }
            default -> {
                // Text takes any value within the contract's length limits.
                return value;
            }
        }
    }
}
