package dev.tradeloom.bff;

import static dev.tradeloom.bff.ProtoJsonText.quote;

import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;

import dev.tradeloom.platform.error.FieldViolation;

/**
 * Checks client input against the proto3 JSON mapping of a request message before it is
 * transcoded, so a value the parser would drop or reject (an unknown enum name, text where a
 * number belongs) is refused with the field's name and what it accepts. Unknown fields pass, as
 * they do through the transcoder.
 */
final class ProtoJsonCheck {
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

    /**
     * Checks the members of a JSON object against the fields of {@code type}. A violation names the field
     * by its proto name, whichever name the body used, as the core services name theirs.
     */
    static void checkObject(JsonNode object, Descriptor type, String prefix, List<FieldViolation> out) {
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext();) {
            final Map.Entry<String, JsonNode> member = it.next();
            final FieldDescriptor field = field(type, member.getKey());
            if (field != null) {
                checkValue(member.getValue(), field, prefix + field.getName(), out);
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
        final @Nullable String problem = ProtoJsonText.problem(text, field);
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
        if (ProtoJsonText.isWrapper(type)) {
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
                return "expected one of: " + ProtoJsonText.allowed(field.getEnumType());
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

}
