package dev.tradeloom.platform.grpc;

import java.util.List;
import java.util.Map;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;

import dev.tradeloom.platform.error.FieldViolation;

/**
 * Finds text that holds U+0000, at any depth of a request. PostgreSQL's text types cannot store that
 * character, so such a request used to fail inside its transaction as an internal error; caught here,
 * it is a bad request that names the field and changes nothing.
 */
final class NulCharacters {
    static final String DESCRIPTION = "must not contain the NUL character (U+0000)";

    private NulCharacters() {}

    /** Adds to {@code violations} each text field of {@code message} that holds U+0000, by its path. */
    static void find(Message message, String prefix, List<FieldViolation> violations) {
        for (Map.Entry<FieldDescriptor, Object> set : message.getAllFields().entrySet()) {
            final FieldDescriptor field = set.getKey();
            final String path = prefix.isEmpty() ? field.getName() : prefix + '.' + field.getName();
            if (field.isMapField()) {
                final FieldDescriptor keyField = field.getMessageType().findFieldByNumber(1);
                final FieldDescriptor valueField = field.getMessageType().findFieldByNumber(2);
                for (Object entry : (List<?>) set.getValue()) {
                    final Message pair = (Message) entry;
                    final String key = String.valueOf(pair.getField(keyField));
                    if (key.indexOf('\0') >= 0) {
                        violations.add(new FieldViolation(path, "keys " + DESCRIPTION));
                    } else {
                        check(valueField, pair.getField(valueField), path + '[' + key + ']', violations);
                    }
                }
            } else if (field.isRepeated()) {
                final List<?> values = (List<?>) set.getValue();
                for (int i = 0; i < values.size(); i++) {
                    check(field, values.get(i), path + '[' + i + ']', violations);
                }
            } else {
                check(field, set.getValue(), path, violations);
            }
        }
    }

    private static void check(FieldDescriptor field, Object value, String path, List<FieldViolation> violations) {
        switch (field.getJavaType()) {
            case STRING -> {
                if (((String) value).indexOf('\0') >= 0) {
                    violations.add(new FieldViolation(path, DESCRIPTION));
                }
            }
            case MESSAGE -> find((Message) value, path, violations);
            default -> {
                // Numbers, enums, booleans and bytes hold no text.
            }
        }
    }
}
