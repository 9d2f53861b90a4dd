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

    private final ObjectNode root = JSON.createObjectNode();
    private final ObjectNode paths;
    private final OpenApiSchemas schemas;

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
        schemas = new OpenApiSchemas(components.putObject("schemas"));
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
                      .set("schema", descriptor == null ? OpenApiSchemas.stringSchema()
                                                              : schemas.fieldSchema(descriptor));
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
              .putObject("application/json")
              .set("schema", schemas.messageSchema(request, Set.copyOf(pathFields)));
        } else if (!binding.body().isEmpty()) {
            final FieldDescriptor body = requireNonNull(request.findFieldByName(binding.body()), binding.body());
            op.putObject("requestBody").put("required", true).putObject("content")
              .putObject("application/json").set("schema", schemas.fieldSchema(body));
        }
        if (EntityTags.takesIfMatch(method)) {
            parameters.addObject().put("name", "If-Match").put("in", "header")
                      .put("description", "The resource's ETag, in place of the etag field: a stale one answers 412")
                      .set("schema", OpenApiSchemas.stringSchema());
        }
        final ObjectNode responses = op.putObject("responses");
        final ObjectNode ok = responses.putObject("200").put("description", "OK");
        if (EntityTags.givesETag(method)) {
            ok.putObject("headers").putObject("ETag").put("description", "The resource's etag, quoted")
              .set("schema", OpenApiSchemas.stringSchema());
        }
        ok.putObject("content").putObject("application/json").set("schema", schemas.messageRef(method.getOutputType()));
        responses.putObject("default")
                 .put("description", "An error: the HTTP status follows the gRPC status (400 bad input, "
                                     + "401 sign-in needed, 403 forbidden, 404 not found, 409 conflict or stale "
                                     + "etag, 412 stale If-Match, 429 rate limited, 503 unavailable)")
                 .putObject("content").putObject("application/json")
                 .set("schema", OpenApiSchemas.errorRef());
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
            final boolean scalarLike = message && OpenApiSchemas.isScalarLike(field.getMessageType());
            if (message && !field.isRepeated() && !scalarLike && depth < 3) {
                addQueryParameters(parameters, field.getMessageType(), protoPath + '.', jsonPath + '.', skip,
                                   depth + 1);
            } else if (!message || scalarLike) {
                parameters.addObject().put("name", jsonPath).put("in", "query")
                          .set("schema", schemas.fieldSchema(field));
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
}
