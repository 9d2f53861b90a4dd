package dev.tradeloom.catalog.domain;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.jdbi.v3.core.Handle;

import dev.tradeloom.catalog.store.AttributeDao;
import dev.tradeloom.catalog.store.AttributeRow;
import dev.tradeloom.platform.error.InvalidArgumentException;

/** Attribute values must name a definition of the tenant, once each, and suit its kind. */
final class AttributeRules {
    private AttributeRules() {}

    static void check(Handle h, UUID tenantId, List<String> keys, List<String> values, String field) {
        if (keys.isEmpty()) {
            return;
        }
        final Map<String, AttributeRow> definitions =
                h.attach(AttributeDao.class).findByKeys(tenantId, keys.toArray(String[]::new)).stream()
                 .collect(Collectors.toMap(AttributeRow::key, Function.identity()));
        final Set<String> seen = new HashSet<>();
        for (int i = 0; i < keys.size(); i++) {
            final String key = keys.get(i);
            final String value = values.get(i);
            final String at = field + '[' + i + ']';
            if (!seen.add(key)) {
                throw InvalidArgumentException.of(at + ".key", "'" + key + "' appears twice (expected: once)");
            }
            final AttributeRow definition = definitions.get(key);
            if (definition == null) {
                throw InvalidArgumentException.of(at + ".key", "'" + key + "' is not an attribute of this tenant "
                                                               + "(expected: the key of an attribute definition)");
            }
            checkValue(definition, value, at + ".value");
        }
    }

    private static void checkValue(AttributeRow definition, String value, String field) {
        switch (definition.kind()) {
            case "number" -> {
                try {
                    new BigDecimal(value);
                } catch (NumberFormatException e) {
                    throw InvalidArgumentException.of(field, "'" + value + "' is not a number (expected: a decimal "
                                                             + "such as 12.5 for " + definition.key() + ')');
                }
            }
            case "enum" -> {
                if (!definition.allowedValues().contains(value)) {
                    throw InvalidArgumentException.of(field, "'" + value + "' (expected one of "
                                                             + definition.allowedValues() + " for "
                                                             + definition.key() + ')');
                }
            }
            default -> {
                // Text takes any value within the contract's length limits.
            }
        }
    }
}
