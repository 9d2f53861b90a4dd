package dev.tradeloom.bff;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import com.google.api.AnnotationsProto;
import com.google.api.HttpRule;
import com.google.protobuf.Descriptors;

import io.grpc.MethodDescriptor;
import io.grpc.protobuf.ProtoMethodDescriptorSupplier;

/**
 * One REST binding of an rpc as its contract declares it in {@code google.api.http}: the HTTP
 * method, the path template and which part of the request the body fills ({@code "*"}, a field
 * name, or empty for none).
 */
record HttpBinding(String method, String path, String body) {

    HttpBinding {
        requireNonNull(method, "method");
        requireNonNull(path, "path");
        requireNonNull(body, "body");
    }

    /** The rpc's bindings, the main one first; empty when the rpc has no REST route. */
    static List<HttpBinding> of(Descriptors.MethodDescriptor method) {
        final HttpRule rule = method.getOptions().getExtension(AnnotationsProto.http);
        final List<HttpBinding> bindings = new ArrayList<>();
        add(bindings, rule);
        rule.getAdditionalBindingsList().forEach(additional -> add(bindings, additional));
        return bindings;
    }

    /** The protobuf descriptor behind a generated gRPC method descriptor. */
    static Descriptors.@Nullable MethodDescriptor protoOf(MethodDescriptor<?, ?> method) {
        return method.getSchemaDescriptor() instanceof ProtoMethodDescriptorSupplier supplier
               ? supplier.getMethodDescriptor() : null;
    }

    private static void add(List<HttpBinding> bindings, HttpRule rule) {
        switch (rule.getPatternCase()) {
            case GET:
                bindings.add(new HttpBinding("GET", rule.getGet(), rule.getBody()));
                break;
            case POST:
                bindings.add(new HttpBinding("POST", rule.getPost(), rule.getBody()));
                break;
            case PUT:
                bindings.add(new HttpBinding("PUT", rule.getPut(), rule.getBody()));
                break;
            case PATCH:
                bindings.add(new HttpBinding("PATCH", rule.getPatch(), rule.getBody()));
                break;
            case DELETE:
                bindings.add(new HttpBinding("DELETE", rule.getDelete(), rule.getBody()));
                break;
            case CUSTOM:
                bindings.add(new HttpBinding(rule.getCustom().getKind().toUpperCase(java.util.Locale.ROOT),
                                             rule.getCustom().getPath(), rule.getBody()));
                break;
            default:
                break;
        }
    }
}
