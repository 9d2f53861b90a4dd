package dev.tradeloom.bff;

import java.util.LinkedHashSet;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;

/**
 * The schemas of {@link OpenApiDocument}, after the proto3 JSON mapping: lowerCamelCase names, 64-bit integers
 * as strings, enums as their names, well-known types as their JSON forms. Messages and enums are defined once
 * under {@code components/schemas} and referred to, so messages may refer to themselves; the edge's one error
 * shape is among them.
 */
final class OpenApiSchemas {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SCHEMAS = "#/components/schemas/";
    private static final String ERROR = "Error";

    private final ObjectNode schemas;
    private final Set<String> defined = new LinkedHashSet<>();

    /** Defines schemas in {@code schemas} (the document's {@code components/schemas}), the error first. */
    OpenApiSchemas(ObjectNode schemas) {
        this.schemas = schemas;
        schemas.set(ERROR, errorSchema());
    }

    /** A reference to the edge's one error shape. */
    static ObjectNode errorRef() {
        return JSON.createObjectNode().put("$ref", SCHEMAS + ERROR);
    }

    /** The schema of a field's JSON value: a map, an array or a single value. */
    ObjectNode fieldSchema(FieldDescriptor field) {
        if (field.isMapField()) {
            final ObjectNode map = JSON.createObjectNode().put("type", "object");
            map.set("additionalProperties", singleSchema(field.getMessageType().findFieldByName("value")));
            return map;
        }
        if (field.isRepeated()) {
            final ObjectNode array = JSON.createObjectNode().put("type", "array");
            array.set("items", singleSchema(field));
            return array;
        }
        return singleSchema(field);
    }

    private ObjectNode singleSchema(FieldDescriptor field) {
        switch (field.getType()) {
            case INT32: case SINT32: case SFIXED32:
                return JSON.createObjectNode().put("type", "integer").put("format", "int32");
            case UINT32: case FIXED32:
                return JSON.createObjectNode().put("type", "integer").put("format", "int64").put("minimum", 0);
            case INT64: case SINT64: case SFIXED64: case UINT64: case FIXED64:
                return JSON.createObjectNode().put("type", "string").put("format", "int64");
            case FLOAT:
                return JSON.createObjectNode().put("type", "number").put("format", "float");
            case DOUBLE:
                return JSON.createObjectNode().put("type", "number").put("format", "double");
            case BOOL:
                return JSON.createObjectNode().put("type", "boolean");
            case BYTES:
                return JSON.createObjectNode().put("type", "string").put("format", "byte");
            case ENUM:
                return enumRef(field);
            case MESSAGE: case GROUP:
                return messageRef(field.getMessageType());
            default:
                return stringSchema();
        }
    }

    private ObjectNode enumRef(FieldDescriptor field) {
        final String name = field.getEnumType().getFullName();
        if (defined.add(name)) {
            final ObjectNode schema = schemas.putObject(name).put("type", "string");
            final ArrayNode values = schema.putArray("enum");
            field.getEnumType().getValues().forEach(v -> values.add(v.getName()));
        }
        return JSON.createObjectNode().put("$ref", SCHEMAS + name);
    }

    /** A reference to a message's schema, defined on first use; a well-known type's JSON form inline. */
    ObjectNode messageRef(Descriptor type) {
        final @Nullable ObjectNode wellKnown = wellKnown(type);
        if (wellKnown != null) {
            return wellKnown;
        }
        final String name = type.getFullName();
        if (defined.add(name)) {
            schemas.set(name, JSON.createObjectNode()); // placeholder first: messages may refer to themselves
            schemas.set(name, messageSchema(type, Set.of()));
        }
        return JSON.createObjectNode().put("$ref", SCHEMAS + name);
    }

    /** A message's schema inline, leaving out the fields named in {@code without} (those in the path). */
    ObjectNode messageSchema(Descriptor type, Set<String> without) {
        final ObjectNode schema = JSON.createObjectNode().put("type", "object");
        final ObjectNode properties = schema.putObject("properties");
        for (FieldDescriptor field : type.getFields()) {
            if (!without.contains(field.getName())) {
                properties.set(field.getJsonName(), fieldSchema(field));
            }
        }
        return schema;
    }

    private @Nullable ObjectNode wellKnown(Descriptor type) {
        switch (type.getFullName()) {
            case "google.protobuf.Timestamp":
                return JSON.createObjectNode().put("type", "string").put("format", "date-time");
            case "google.protobuf.Duration":
                return JSON.createObjectNode().put("type", "string").put("example", "1.5s");
            case "google.protobuf.FieldMask":
                return JSON.createObjectNode().put("type", "string")
                           .put("description", "Comma-separated field paths, e.g. name,address.city");
            case "google.protobuf.Empty":
                return JSON.createObjectNode().put("type", "object");
            case "google.protobuf.Struct":
                return JSON.createObjectNode().put("type", "object").put("additionalProperties", true);
            case "google.protobuf.Value":
                return JSON.createObjectNode();
            case "google.protobuf.ListValue":
                final ObjectNode list = JSON.createObjectNode().put("type", "array");
                list.putObject("items");
                return list;
            case "google.protobuf.Any":
                final ObjectNode any = JSON.createObjectNode().put("type", "object");
                any.putObject("properties").putObject("@type").put("type", "string");
                any.put("additionalProperties", true);
                return any;
            default:
                if (type.getFullName().startsWith("google.protobuf.") && type.getName().endsWith("Value")
                    && type.findFieldByName("value") != null) {
                    return singleSchema(type.findFieldByName("value")).put("nullable", true);
                }
                return null;
        }
    }

    /** Whether a message type's JSON form is a single value (a timestamp, a duration, a wrapper, a mask). */
    static boolean isScalarLike(Descriptor type) {
        final String name = type.getFullName();
        return "google.protobuf.Timestamp".equals(name) || "google.protobuf.Duration".equals(name)
               || "google.protobuf.FieldMask".equals(name)
               || name.startsWith("google.protobuf.") && name.endsWith("Value") && !name.endsWith(".Value")
                  && !name.endsWith("ListValue");
    }

    static ObjectNode stringSchema() {
        return JSON.createObjectNode().put("type", "string");
    }

    private static ObjectNode errorSchema() {
        final ObjectNode error = JSON.createObjectNode().put("type", "object");
        error.putArray("required").add("code").add("message");
        final ObjectNode properties = error.putObject("properties");
        properties.putObject("code").put("type", "string")
                  .put("description", "The gRPC status name, e.g. INVALID_ARGUMENT");
        properties.putObject("message").put("type", "string").put("description", "What went wrong, for people");
        properties.putObject("reason").put("type", "string")
                  .put("description", "A stable UPPER_SNAKE reason for programs, e.g. ETAG_MISMATCH");
        final ObjectNode violation = JSON.createObjectNode().put("type", "object");
        violation.putObject("properties").<ObjectNode>set("field", stringSchema())
                 .set("description", stringSchema());
        final ObjectNode details = properties.putObject("details").put("type", "object");
        final ObjectNode violations = details.putObject("properties").putObject("fieldViolations")
                                             .put("type", "array");
        violations.set("items", violation);
        return error;
    }
}
