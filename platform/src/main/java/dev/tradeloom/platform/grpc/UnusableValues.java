package dev.tradeloom.platform.grpc;

import java.util.List;
import java.util.Map;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Timestamps;

import dev.tradeloom.platform.error.FieldViolation;

/**
 * Finds values no service can use, at any depth of a request: text that holds U+0000, which PostgreSQL's
 * text types cannot store, and timestamps outside protobuf's range (years 0001 to 9999), which neither
 * the validation rules nor {@link java.time.Instant} can always take. Such requests used to fail as
 * internal errors; caught here, they are bad requests that name the field and change nothing.
 */
final class UnusableValues {
    static final String DESCRIPTION = "must not contain the NUL character (U+0000)";
    static final String TIMESTAMP_DESCRIPTION =
            "must be a time from 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z";

    private UnusableValues() {}

    /** Adds to {@code violations} each field of {@code message} that holds an unusable value, by its path. */
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
            case MESSAGE -> {
                if (value instanceof Timestamp time) {
                    if (!Timestamps.isValid(time)) {
                        violations.add(new FieldViolation(path, TIMESTAMP_DESCRIPTION));
                    }
                } else {
                    find((Message) value, path, violations);
                }
            }
            default -> {
                // Numbers, enums, booleans and bytes hold no text.
            }
        }
    }
}
