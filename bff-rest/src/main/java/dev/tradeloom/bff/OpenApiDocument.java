package dev.tradeloom.bff;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;

import dev.tradeloom.api.v1.Access;
import dev.tradeloom.api.v1.AnnotationsProto;
import dev.tradeloom.api.v1.Audience;
import io.grpc.ServiceDescriptor;

/**
 * The OpenAPI 3 description of the REST API, generated from the same descriptors the edge
 * forwards: each {@code google.api.http} binding becomes an operation with its path and query
 * parameters and body; schemas follow the proto3 JSON mapping (lowerCamelCase names, 64-bit
 * integers as strings, enums as their names, well-known types as their JSON forms); rpcs that
 * are not public require a bearer token; every error has the edge's one JSON shape.
 */
final class OpenApiDocument {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern VARIABLE = Pattern.compile("\\{([^}=]+)(=[^}]*)?}");
    private static final String SCHEMAS = "#/components/schemas/";
    private static final String ERROR = "Error";

    private final ObjectNode root = JSON.createObjectNode();
    private final ObjectNode paths;
    private final ObjectNode schemas;
    private final Set<String> defined = new LinkedHashSet<>();

    private OpenApiDocument() {
        root.put("openapi", "3.0.3");
        root.putObject("info").put("title", "Tradeloom API").put("version", "v1")
            .put("description", "REST+JSON transcoded from the Tradeloom gRPC contracts. The same calls are "
                                + "served as gRPC and gRPC-Web on this port; live docs at /docs/.");
        root.putArray("servers").addObject().put("url", "/");
        paths = root.putObject("paths");
        final ObjectNode components = root.putObject("components");
        components.putObject("securitySchemes").putObject("bearer")
                  .put("type", "http").put("scheme", "bearer").put("bearerFormat", "JWT");
        schemas = components.putObject("schemas");
        schemas.set(ERROR, errorSchema());
    }

    /** The document for {@code services}, as JSON text. */
    static String of(List<ServiceDescriptor> services) {
        final OpenApiDocument document = new OpenApiDocument();
        for (ServiceDescriptor service : services) {
            for (io.grpc.MethodDescriptor<?, ?> method : service.getMethods()) {
                final @Nullable MethodDescriptor proto = HttpBinding.protoOf(method);
                if (proto != null && method.getType() == io.grpc.MethodDescriptor.MethodType.UNARY) {
                    document.addMethod(proto);
                }
            }
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(document.root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the OpenAPI document", e);
        }
    }

    private void addMethod(MethodDescriptor method) {
        final List<HttpBinding> bindings = HttpBinding.of(method);
        for (int i = 0; i < bindings.size(); i++) {
            final HttpBinding binding = bindings.get(i);
            final String operationId = method.getService().getName() + '_' + method.getName()
                                       + (i == 0 ? "" : "_" + (i + 1));
            final List<String> pathFields = new ArrayList<>();
            final Matcher m = VARIABLE.matcher(binding.path());
            final StringBuilder path = new StringBuilder();
            while (m.find()) {
                pathFields.add(m.group(1));
                m.appendReplacement(path, Matcher.quoteReplacement('{' + parameterName(m.group(1)) + '}'));
            }
            m.appendTail(path);
            final ObjectNode item = paths.has(path.toString()) ? (ObjectNode) paths.get(path.toString())
                                                               : paths.putObject(path.toString());
            item.set(binding.method().toLowerCase(Locale.ROOT), operation(method, binding, operationId, pathFields));
        }
    }

    /**
     * A path variable's name in the document: the field's own name, or for an {@code id} the message's and
     * its ({@code tenant.id} is {@code tenant_id}, {@code contact.tenant_id} is {@code tenant_id}). So an
     * update's path ({@code /v1/tenants/{tenant.id}}) and a get's ({@code /v1/tenants/{tenant_id}}) are one
     * path, as OpenAPI requires of paths that differ only in their variables' names.
     */
    static String parameterName(String fieldPath) {
        final String[] parts = fieldPath.split("\\.");
        final String last = parts[parts.length - 1];
        return "id".equals(last) && parts.length > 1 ? parts[parts.length - 2] + "_id" : last;
    }

    private ObjectNode operation(MethodDescriptor method, HttpBinding binding, String operationId,
                                 List<String> pathFields) {
        final ObjectNode op = JSON.createObjectNode();
        op.putArray("tags").add(method.getService().getName());
        op.put("operationId", operationId);
        op.put("summary", method.getService().getFullName() + '/' + method.getName());
        final Descriptor request = method.getInputType();
        final ArrayNode parameters = op.putArray("parameters");
        for (String field : pathFields) {
            final @Nullable FieldDescriptor descriptor = resolve(request, field);
            parameters.addObject().put("name", parameterName(field)).put("in", "path").put("required", true)
                      .put("description", "The request's " + field + '.')
                      .set("schema", descriptor == null ? stringSchema() : fieldSchema(descriptor));
        }
        if (!"*".equals(binding.body())) {
            final Set<String> skip = new LinkedHashSet<>(pathFields);
            if (!binding.body().isEmpty()) {
                skip.add(binding.body());
            }
            addQueryParameters(parameters, request, "", "", skip, 0);
        }
        if ("*".equals(binding.body())) {
            op.putObject("requestBody").put("required", true).putObject("content")
              .putObject("application/json").set("schema", messageSchema(request, Set.copyOf(pathFields)));
        } else if (!binding.body().isEmpty()) {
            final FieldDescriptor body = requireNonNull(request.findFieldByName(binding.body()), binding.body());
            op.putObject("requestBody").put("required", true).putObject("content")
              .putObject("application/json").set("schema", fieldSchema(body));
        }
        final ObjectNode responses = op.putObject("responses");
        responses.putObject("200").put("description", "OK").putObject("content").putObject("application/json")
                 .set("schema", messageRef(method.getOutputType()));
        responses.putObject("default")
                 .put("description", "An error: the HTTP status follows the gRPC status (400 bad input, "
                                     + "401 sign-in needed, 403 forbidden, 404 not found, 409 conflict or stale "
                                     + "etag, 429 rate limited, 503 unavailable)")
                 .putObject("content").putObject("application/json")
                 .putObject("schema").put("$ref", SCHEMAS + ERROR);
        final Access access = method.getOptions().getExtension(AnnotationsProto.access);
        if (access.getAudience() != Audience.AUDIENCE_PUBLIC) {
            op.putArray("security").addObject().putArray("bearer");
        } else {
            op.putArray("security");
        }
        op.put("x-rate-tier", access.getRateTier().name());
        return op;
    }

    /** Fields a client may send as query parameters: scalars, enums, repeated scalars, nested by dots. */
    private void addQueryParameters(ArrayNode parameters, Descriptor type, String protoPrefix, String jsonPrefix,
                                    Set<String> skip, int depth) {
        for (FieldDescriptor field : type.getFields()) {
            final String protoPath = protoPrefix + field.getName();
            if (skip.contains(protoPath) || field.isMapField()) {
                continue;
            }
            final String jsonPath = jsonPrefix + field.getJsonName();
            final boolean message = field.getJavaType() == FieldDescriptor.JavaType.MESSAGE;
            if (message && !field.isRepeated() && !isScalarLike(field.getMessageType()) && depth < 3) {
                addQueryParameters(parameters, field.getMessageType(), protoPath + '.', jsonPath + '.', skip,
                                   depth + 1);
            } else if (!message || isScalarLike(field.getMessageType())) {
                parameters.addObject().put("name", jsonPath).put("in", "query").set("schema", fieldSchema(field));
            }
        }
    }

    private static @Nullable FieldDescriptor resolve(Descriptor type, String dotted) {
        Descriptor current = type;
        FieldDescriptor field = null;
        for (String part : dotted.split("\\.")) {
            if (current == null) {
                return null;
            }
            field = current.findFieldByName(part);
            if (field == null) {
                return null;
            }
            current = field.getJavaType() == FieldDescriptor.JavaType.MESSAGE ? field.getMessageType() : null;
        }
        return field;
    }

    private ObjectNode fieldSchema(FieldDescriptor field) {
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

    private ObjectNode messageRef(Descriptor type) {
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

    private ObjectNode messageSchema(Descriptor type, Set<String> without) {
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

    private static boolean isScalarLike(Descriptor type) {
        final String name = type.getFullName();
        return "google.protobuf.Timestamp".equals(name) || "google.protobuf.Duration".equals(name)
               || "google.protobuf.FieldMask".equals(name)
               || name.startsWith("google.protobuf.") && name.endsWith("Value") && !name.endsWith(".Value")
                  && !name.endsWith("ListValue");
    }

    private static ObjectNode stringSchema() {
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
