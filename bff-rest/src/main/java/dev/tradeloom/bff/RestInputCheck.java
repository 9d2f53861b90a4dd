package dev.tradeloom.bff;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.SimpleDecoratingHttpService;
import com.linecorp.armeria.server.grpc.GrpcService;

import dev.tradeloom.platform.error.FieldViolation;
import dev.tradeloom.platform.error.InvalidArgumentException;
import io.grpc.ServerMethodDefinition;

/**
 * Refuses REST input that the JSON transcoder would silently drop or reject without a reason:
 * query parameters and body members are checked against the rpc's request message (derived from
 * its descriptor and {@code google.api.http} binding, no per-rpc code), and a refusal is a 400
 * in the edge's error shape naming each bad field and what it accepts. gRPC calls pass untouched.
 */
final class RestInputCheck extends SimpleDecoratingHttpService {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final GrpcService grpc;
    /** Each rpc's REST bindings, read from its options once rather than on every request. */
    private final Map<MethodDescriptor, List<HttpBinding>> bindings = new ConcurrentHashMap<>();

    RestInputCheck(HttpService delegate) {
        super(delegate);
        final @Nullable GrpcService found = delegate.as(GrpcService.class);
        if (found == null) {
            throw new IllegalArgumentException(delegate + " (expected: a GrpcService)");
        }
        grpc = found;
    }

    @Override
    public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) throws Exception {
        final @Nullable MediaType contentType = req.contentType();
        if (contentType != null && contentType.subtype().startsWith("grpc")) {
            return unwrap().serve(ctx, req);
        }
        final @Nullable ServerMethodDefinition<?, ?> definition = grpc.methodDefinition(ctx);
        final @Nullable MethodDescriptor method = definition == null
                                                  ? null : HttpBinding.protoOf(definition.getMethodDescriptor());
        if (method == null) {
            return unwrap().serve(ctx, req);
        }
        final boolean unframed = ctx.path().equals('/' + method.getService().getFullName() + '/' + method.getName());
        final String body = unframed ? "*" : bodyOf(method, ctx.method().name());
        final List<FieldViolation> violations = new ArrayList<>();
        if (!unframed) {
            checkQuery(ctx, method.getInputType(), violations);
        }
        if (body.isEmpty()) {
            return violations.isEmpty() ? unwrap().serve(ctx, req) : refuse(ctx, violations);
        }
        return HttpResponse.of(req.aggregate().thenApply(aggregated -> {
            final @Nullable MediaType type = aggregated.contentType();
            if (!unframed && !aggregated.content().isEmpty() && type != null && !type.isJson()) {
                // The transcoder reads JSON only and would drop this body, answering as if it were empty.
                return EdgeErrors.response(ctx, HttpStatus.UNSUPPORTED_MEDIA_TYPE, "INVALID_ARGUMENT",
                                           "The body is " + type.withoutParameters()
                                           + " (expected: application/json)", "UNSUPPORTED_MEDIA_TYPE",
                                           Map.of());
            }
            checkBody(aggregated, method.getInputType(), body, violations);
            if (!violations.isEmpty()) {
                return refuse(ctx, violations);
            }
            try {
                return unwrap().serve(ctx, aggregated.toHttpRequest());
            } catch (Exception e) {
                return HttpResponse.ofFailure(e);
            }
        }));
    }

    private String bodyOf(MethodDescriptor method, String httpMethod) {
        return bindings.computeIfAbsent(method, HttpBinding::of).stream().filter(b -> b.method().equals(httpMethod)).findFirst()
                          .map(HttpBinding::body).orElse("");
    }

    /**
     * Each query parameter that names a request field, possibly nested ({@code address.city}); a violation
     * names it by its fields' proto names, as the body's and the core services' do.
     */
    private static void checkQuery(ServiceRequestContext ctx, Descriptor request, List<FieldViolation> out) {
        for (Map.Entry<String, String> param : ctx.queryParams()) {
            final @Nullable FieldPath path = resolve(request, param.getKey());
            // An empty enum value is the unspecified one, as HTML forms send an unselected choice.
            final boolean unsetEnum = path != null && param.getValue().isEmpty()
                                      && path.field().getJavaType() == FieldDescriptor.JavaType.ENUM;
            if (path != null && !unsetEnum) {
                ProtoJsonCheck.checkParameter(param.getValue(), path.field(), path.protoPath(), out);
            }
        }
    }

    /** The field a query parameter names, and its path in proto names. */
    private record FieldPath(FieldDescriptor field, String protoPath) {}

    private static @Nullable FieldPath resolve(Descriptor request, String dotted) {
        Descriptor current = request;
        FieldDescriptor field = null;
        final StringJoiner protoPath = new StringJoiner(".");
        for (String part : dotted.split("\\.", -1)) {
            if (current == null) {
                return null;
            }
            field = ProtoJsonCheck.field(current, part);
            if (field == null) {
                return null;
            }
            protoPath.add(field.getName());
            current = field.getJavaType() == FieldDescriptor.JavaType.MESSAGE && !field.isRepeated()
                      ? field.getMessageType() : null;
        }
        return field == null ? null : new FieldPath(field, protoPath.toString());
    }

    private static void checkBody(AggregatedHttpRequest request, Descriptor type, String body,
                                  List<FieldViolation> out) {
        final String text;
        try {
            // Decoded strictly: the transcoder would put U+FFFD in place of every malformed byte.
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                                         .onUnmappableCharacter(CodingErrorAction.REPORT)
                                         .decode(ByteBuffer.wrap(request.content().array())).toString();
        } catch (CharacterCodingException e) {
            out.add(new FieldViolation("body", "not valid UTF-8 (expected: JSON in UTF-8)"));
            return;
        }
        if (text.isBlank()) {
            return;
        }
        final JsonNode json;
        try {
            json = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            out.add(new FieldViolation("body", JsonSyntax.problem(e)));
            return;
        }
        if ("*".equals(body)) {
            if (!json.isObject()) {
                out.add(new FieldViolation("body", "expected a JSON object"));
                return;
            }
            ProtoJsonCheck.checkObject(json, type, "", out);
            return;
        }
        final @Nullable FieldDescriptor field = type.findFieldByName(body);
        if (field != null) {
            ProtoJsonCheck.checkValue(json, field, field.getName(), out);
        }
    }

    private static HttpResponse refuse(ServiceRequestContext ctx, List<FieldViolation> violations) {
        return EdgeErrors.invalidArgument(ctx, new InvalidArgumentException(violations));
    }
}
