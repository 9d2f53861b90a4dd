package dev.tradeloom.bff;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.text.ParseException;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.util.Durations;
import com.google.protobuf.util.Timestamps;

import dev.tradeloom.platform.error.FieldViolation;

/**
 * Checks client input against the proto3 JSON mapping of a request message before it is
 * transcoded, so a value the parser would drop or reject (an unknown enum name, text where a
 * number belongs) is refused with the field's name and what it accepts. Unknown fields pass, as
 * they do through the transcoder.
 */
final class ProtoJsonCheck {
    private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    /** Longer than any number a field can hold written plainly (20 digits) or with an exponent. */
    private static final int MAX_NUMBER_LENGTH = 100;
    private static final String WRAPPERS = "google.protobuf.DoubleValue google.protobuf.FloatValue "
                                           + "google.protobuf.Int64Value google.protobuf.UInt64Value "
                                           + "google.protobuf.Int32Value google.protobuf.UInt32Value "
                                           + "google.protobuf.BoolValue google.protobuf.StringValue "
                                           + "google.protobuf.BytesValue";

    private static final Set<FieldDescriptor.Type> WHOLE_NUMBERS = EnumSet.of(
            FieldDescriptor.Type.INT32, FieldDescriptor.Type.SINT32, FieldDescriptor.Type.SFIXED32,
            FieldDescriptor.Type.UINT32, FieldDescriptor.Type.FIXED32, FieldDescriptor.Type.INT64,
            FieldDescriptor.Type.SINT64, FieldDescriptor.Type.SFIXED64, FieldDescriptor.Type.UINT64,
            FieldDescriptor.Type.FIXED64);
    private static final Pattern PLAIN_INTEGER = Pattern.compile("-?[0-9]{1,20}");

    private ProtoJsonCheck() {}

    /** The field named {@code name} (proto or JSON name) of {@code type}, if any. */
    static @Nullable FieldDescriptor field(Descriptor type, String name) {
        final FieldDescriptor byName = type.findFieldByName(name);
        if (byName != null) {
            return byName;
        }
        return type.getFields().stream().filter(f -> f.getJsonName().equals(name)).findFirst().orElse(null);
    }

    /** Checks the members of a JSON object against the fields of {@code type}. */
    static void checkObject(JsonNode object, Descriptor type, String prefix, List<FieldViolation> out) {
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext();) {
            final Map.Entry<String, JsonNode> member = it.next();
            final FieldDescriptor field = field(type, member.getKey());
            if (field != null) {
                checkValue(member.getValue(), field, prefix + member.getKey(), out);
            }
        }
    }

    /** Checks one JSON value of {@code field}, which may be repeated or a map. */
    static void checkValue(JsonNode value, FieldDescriptor field, String path, List<FieldViolation> out) {
        if (value.isNull()) {
            return;
        }
        if (field.isMapField()) {
            if (!value.isObject()) {
                out.add(new FieldViolation(path, "expected a JSON object (a map), got " + kind(value)));
                return;
            }
            final FieldDescriptor mapValue = field.getMessageType().findFieldByName("value");
            value.fields().forEachRemaining(e -> checkSingle(e.getValue(), mapValue, path + '.' + e.getKey(), out));
        } else if (field.isRepeated()) {
            if (!value.isArray()) {
                out.add(new FieldViolation(path, "expected a JSON array, got " + kind(value)));
                return;
            }
            for (int i = 0; i < value.size(); i++) {
                checkSingle(value.get(i), field, path + '[' + i + ']', out);
            }
        } else {
            checkSingle(value, field, path, out);
        }
    }

    /**
     * Checks one query-parameter (or path) text for {@code field}. Unlike a JSON value, the transcoder
     * parses a parameter of a whole-number field as plain digits: 1.0 or 1e1 fail there.
     */
    static void checkParameter(String text, FieldDescriptor field, String path, List<FieldViolation> out) {
        if (WHOLE_NUMBERS.contains(field.getType()) && !PLAIN_INTEGER.matcher(text).matches()) {
            out.add(new FieldViolation(path, quote(text) + " is not a whole number (expected: digits, e.g. 20)"));
            return;
        }
        checkText(text, field, path, out);
    }

    /** Checks one text value for {@code field}, as the proto3 JSON mapping reads it. */
    private static void checkText(String text, FieldDescriptor field, String path, List<FieldViolation> out) {
        final @Nullable String problem = textProblem(text, field);
        if (problem != null) {
            out.add(new FieldViolation(path, problem));
        }
    }

    private static void checkSingle(JsonNode value, FieldDescriptor field, String path, List<FieldViolation> out) {
        if (value.isNull()) {
            return;
        }
        if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
            checkMessage(value, field, path, out);
            return;
        }
        if (field.getJavaType() == FieldDescriptor.JavaType.STRING) {
            if (!value.isTextual()) {
                out.add(new FieldViolation(path, "expected a string, got " + kind(value)));
            } else if (hasLoneSurrogate(value.textValue())) {
                // Protobuf would send it on as '?'.
                out.add(new FieldViolation(path, "holds half of a surrogate pair (expected: valid Unicode text)"));
            }
            return;
        }
        if (field.getJavaType() == FieldDescriptor.JavaType.BOOLEAN && value.isBoolean()
            || value.isNumber() && field.getJavaType() != FieldDescriptor.JavaType.BYTE_STRING
               && field.getJavaType() != FieldDescriptor.JavaType.BOOLEAN) {
            checkText(value.asText(), field, path, out);
            return;
        }
        if (!value.isTextual()) {
            out.add(new FieldViolation(path, expected(field) + ", got " + kind(value)));
            return;
        }
        checkText(value.textValue(), field, path, out);
    }

    private static void checkMessage(JsonNode value, FieldDescriptor field, String path, List<FieldViolation> out) {
        final Descriptor type = field.getMessageType();
        final String name = type.getFullName();
        if (WRAPPERS.contains(name)) {
            checkSingle(value, type.findFieldByName("value"), path, out);
        } else if (isTextual(type)) {
            if (!value.isTextual()) {
                out.add(new FieldViolation(path, expectedText(type) + ", got " + kind(value)));
            } else {
                checkText(value.textValue(), field, path, out);
            }
        } else if ("google.protobuf.Value".equals(name)) {
            return;
        } else if ("google.protobuf.ListValue".equals(name)) {
            if (!value.isArray()) {
                out.add(new FieldViolation(path, "expected a JSON array, got " + kind(value)));
            }
        } else if (!value.isObject()) {
            out.add(new FieldViolation(path, "expected a JSON object, got " + kind(value)));
        } else if (!"google.protobuf.Struct".equals(name) && !"google.protobuf.Any".equals(name)) {
            checkObject(value, type, path + '.', out);
        }
    }

    private static @Nullable String textProblem(String text, FieldDescriptor field) {
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
                if (WRAPPERS.contains(type.getFullName())) {
                    return textProblem(text, type.findFieldByName("value"));
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

    private static String allowed(EnumDescriptor type) {
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

    private static boolean isTextual(Descriptor type) {
        switch (type.getFullName()) {
            case "google.protobuf.Timestamp":
            case "google.protobuf.Duration":
            case "google.protobuf.FieldMask":
                return true;
            default:
                return false;
        }
    }

    private static String expectedText(Descriptor type) {
        switch (type.getFullName()) {
            case "google.protobuf.Timestamp":
                return "expected an RFC 3339 timestamp string";
            case "google.protobuf.Duration":
                return "expected a duration string such as 1.5s";
            default:
                return "expected a comma-separated string of field paths";
        }
    }

    private static String expected(FieldDescriptor field) {
        switch (field.getJavaType()) {
            case ENUM:
                return "expected one of: " + allowed(field.getEnumType());
            case BOOLEAN:
                return "expected true or false";
            case BYTE_STRING:
                return "expected a base64 string";
            default:
                return "expected a number";
        }
    }

    private static String kind(JsonNode value) {
        if (value.isObject()) {
            return "an object";
        }
        if (value.isArray()) {
            return "an array";
        }
        if (value.isBoolean()) {
            return value.asText();
        }
        if (value.isNumber()) {
            return "the number " + value.asText();
        }
        return value.isTextual() ? "the string " + quote(value.textValue()) : value.getNodeType().toString();
    }

    private static boolean hasLoneSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    private static String quote(String text) {
        final String shown = text.length() > 40 ? text.substring(0, 40) + "…" : text;
        return '\'' + shown + '\'';
    }
}
