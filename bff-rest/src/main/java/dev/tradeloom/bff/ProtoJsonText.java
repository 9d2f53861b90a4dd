package dev.tradeloom.bff;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.text.ParseException;
import java.util.Base64;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.util.Durations;
import com.google.protobuf.util.Timestamps;

/**
 * What the proto3 JSON mapping reads as the text of one value: numbers within their field's range, booleans,
 * base64, enum names or numbers, timestamps, durations and wrapped scalars; and how a refusal shows the text.
 * {@link ProtoJsonCheck} walks the JSON and asks this of each value.
 */
final class ProtoJsonText {
    private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    /** Longer than any number a field can hold written plainly (20 digits) or with an exponent. */
    private static final int MAX_NUMBER_LENGTH = 100;
    private static final String WRAPPERS = "google.protobuf.DoubleValue google.protobuf.FloatValue "
                                           + "google.protobuf.Int64Value google.protobuf.UInt64Value "
                                           + "google.protobuf.Int32Value google.protobuf.UInt32Value "
                                           + "google.protobuf.BoolValue google.protobuf.StringValue "
                                           + "google.protobuf.BytesValue";

    private ProtoJsonText() {}

    /** Whether {@code type} wraps one scalar (google.protobuf.Int64Value and the like), written as it. */
    static boolean isWrapper(Descriptor type) {
        return WRAPPERS.contains(type.getFullName());
    }

    /**
     * Why the proto3 JSON mapping would not read {@code text} as a value of {@code field}; null if it would.
     */
    static @Nullable String problem(String text, FieldDescriptor field) {
        switch (field.getType()) {
            case INT32: case SINT32: case SFIXED32:
                return integer(text, BigInteger.valueOf(Integer.MIN_VALUE), BigInteger.valueOf(Integer.MAX_VALUE));
            case UINT32: case FIXED32:
                return integer(text, BigInteger.ZERO, BigInteger.valueOf(0xFFFF_FFFFL));
            case INT64: case SINT64: case SFIXED64:
                return integer(text, BigInteger.valueOf(Long.MIN_VALUE), BigInteger.valueOf(Long.MAX_VALUE));
            case UINT64: case FIXED64:
                return integer(text, BigInteger.ZERO, UINT64_MAX);
            case FLOAT: case DOUBLE:
                return decimal(text);
            case BOOL:
                return "true".equals(text) || "false".equals(text)
                       ? null : quote(text) + " is not a boolean (expected: true or false)";
            case BYTES:
                return base64(text) ? null : quote(text) + " is not base64 (expected: standard or URL-safe base64)";
            case ENUM:
                return enumProblem(text, field.getEnumType());
            case MESSAGE:
                return messageTextProblem(text, field.getMessageType());
            default:
                return null;
        }
    }

    private static @Nullable String messageTextProblem(String text, Descriptor type) {
        switch (type.getFullName()) {
            case "google.protobuf.Timestamp":
                try {
                    Timestamps.parse(text);
                    return null;
                } catch (ParseException e) {
                    return quote(text) + " is not a timestamp (expected: RFC 3339, e.g. 2026-01-31T09:30:00Z)";
                }
            case "google.protobuf.Duration":
                try {
                    Durations.parse(text);
                    return null;
                } catch (ParseException e) {
                    return quote(text) + " is not a duration (expected: seconds with an s suffix, e.g. 1.5s)";
                }
            default:
                if (isWrapper(type)) {
                    return problem(text, type.findFieldByName("value"));
                }
                return null;
        }
    }

    /**
     * Compared as a decimal, never expanded: "1e500000000" as a whole number has half a billion digits.
     * Parsing is superlinear in the digits, so text longer than any number a field can hold is refused
     * unread.
     */
    private static @Nullable String integer(String text, BigInteger min, BigInteger max) {
        final String range = " (expected: a whole number from " + min + " to " + max + ')';
        final @Nullable BigDecimal value = parse(text);
        if (value == null || value.stripTrailingZeros().scale() > 0) {
            return quote(text) + " is not a whole number" + range;
        }
        return value.compareTo(new BigDecimal(min)) < 0 || value.compareTo(new BigDecimal(max)) > 0
               ? quote(text) + " is out of range" + range : null;
    }

    private static @Nullable BigDecimal parse(String text) {
        final String trimmed = text.trim();
        if (trimmed.length() > MAX_NUMBER_LENGTH) {
            return null;
        }
        try {
            return new BigDecimal(trimmed);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static @Nullable String decimal(String text) {
        if ("NaN".equals(text) || "Infinity".equals(text) || "-Infinity".equals(text)) {
            return null;
        }
        return parse(text) != null ? null
                                   : quote(text) + " is not a number (expected: a decimal number such as 12.5)";
    }

    private static @Nullable String enumProblem(String text, EnumDescriptor type) {
        if (type.findValueByName(text) != null) {
            return null;
        }
        try {
            if (type.findValueByNumber(Integer.parseInt(text)) != null) {
                return null;
            }
        } catch (NumberFormatException e) {
            // Not a number either: reported below.
        }
        return quote(text) + " is not a " + type.getName() + " (expected one of: " + allowed(type) + ')';
    }

    /** The names of {@code type}'s values, as a list a person reads. */
    static String allowed(EnumDescriptor type) {
        return type.getValues().stream().map(EnumValueDescriptor::getName).collect(Collectors.joining(", "));
    }

    private static boolean base64(String text) {
        try {
            Base64.getDecoder().decode(text);
            return true;
        } catch (IllegalArgumentException e) {
            try {
                Base64.getUrlDecoder().decode(text);
                return true;
            } catch (IllegalArgumentException e2) {
                return false;
            }
        }
    }

    /** {@code text} as an error message shows it: quoted, and cut after 40 characters. */
    static String quote(String text) {
        final String shown = text.length() > 40 ? text.substring(0, 40) + "…" : text;
        return '\'' + shown + '\'';
    }
}
