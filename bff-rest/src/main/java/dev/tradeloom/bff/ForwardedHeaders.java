package dev.tradeloom.bff;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

import com.linecorp.armeria.server.ServiceRequestContext;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingClientCall.SimpleForwardingClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;

/**
 * Carries the end client's identity to the core services: its bearer token, a request id
 * (taken from the request or made here, and echoed in the response), its address and user
 * agent. The server half captures them; the client half adds them to the forwarded call.
 */
final class ForwardedHeaders implements ServerInterceptor, ClientInterceptor {
    static final Metadata.Key<String> AUTHORIZATION = key("authorization");
    static final Metadata.Key<String> REQUEST_ID = key("x-request-id");
    static final Metadata.Key<String> FORWARDED_FOR = key("x-forwarded-for");
    static final Metadata.Key<String> CLIENT_USER_AGENT = key("x-client-user-agent");
    private static final Metadata.Key<String> USER_AGENT = key("user-agent");
    private static final Context.Key<Metadata> FORWARDED = Context.key("tradeloom-forwarded-headers");

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                      ServerCallHandler<Q, R> next) {
        final Metadata forwarded = new Metadata();
        copy(headers, forwarded, AUTHORIZATION);
        final String requestId = requestId(headers.get(REQUEST_ID));
        forwarded.put(REQUEST_ID, requestId);
        final String userAgent = headers.get(USER_AGENT);
        if (userAgent != null) {
            forwarded.put(CLIENT_USER_AGENT, userAgent);
        }
        final ServiceRequestContext ctx = ServiceRequestContext.current();
        forwarded.put(FORWARDED_FOR, ctx.clientAddress().getHostAddress());
        ctx.addAdditionalResponseHeader("x-request-id", requestId);
        return Contexts.interceptCall(Context.current().withValue(FORWARDED, forwarded), call, headers, next);
    }

    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options,
                                                 Channel next) {
        final @Nullable Metadata forwarded = FORWARDED.get();
        return new SimpleForwardingClientCall<>(next.newCall(method, options)) {
            @Override
            public void start(Listener<R> listener, Metadata headers) {
                if (forwarded != null) {
                    headers.merge(forwarded);
                }
                super.start(listener, headers);
            }
        };
    }

    /** A client's own request id when it is sane, else a new one. */
    private static String requestId(@Nullable String fromClient) {
        if (fromClient != null && fromClient.length() <= 64 && fromClient.matches("[A-Za-z0-9._:-]+")) {
            return fromClient;
        }
        return UUID.randomUUID().toString();
    }

    private static void copy(Metadata from, Metadata to, Metadata.Key<String> key) {
        final String value = from.get(key);
        if (value != null) {
            to.put(key, value);
        }
    }

    private static Metadata.Key<String> key(String name) {
        return Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER);
    }
}
