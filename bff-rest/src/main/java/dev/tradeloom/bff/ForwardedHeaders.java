package dev.tradeloom.bff;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

import com.linecorp.armeria.server.ServiceRequestContext;

import dev.tradeloom.platform.logging.RequestLogContext;
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
 * Carries the end client's identity to the core services: its bearer token, the request id
 * the edge assigned ({@link RequestLogContext}), its address and user agent. The server half captures them; the client half adds them to the forwarded call.
 */
final class ForwardedHeaders implements ServerInterceptor, ClientInterceptor {
    static final Metadata.Key<String> AUTHORIZATION = key("authorization");
    static final Metadata.Key<String> REQUEST_ID = key("x-request-id");
    static final Metadata.Key<String> FORWARDED_FOR = key("x-forwarded-for");
    static final Metadata.Key<String> CLIENT_USER_AGENT = key("x-client-user-agent");
    private static final Metadata.Key<String> USER_AGENT = key("user-agent");
    private static final Context.Key<Metadata> FORWARDED = Context.key("tradeloom-forwarded-headers");

    private final ClientAddresses addresses;

    ForwardedHeaders(ClientAddresses addresses) {
        this.addresses = requireNonNull(addresses, "addresses");
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                      ServerCallHandler<Q, R> next) {
        final Metadata forwarded = new Metadata();
        copy(headers, forwarded, AUTHORIZATION);
        final ServiceRequestContext ctx = ServiceRequestContext.current();
        final @Nullable String requestId = RequestLogContext.requestId(ctx);
        if (requestId != null) {
            forwarded.put(REQUEST_ID, requestId);
        }
        final String userAgent = headers.get(USER_AGENT);
        if (userAgent != null) {
            forwarded.put(CLIENT_USER_AGENT, userAgent);
        }
        forwarded.put(FORWARDED_FOR, addresses.of(ctx).getHostAddress());
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
