package dev.tradeloom.bff;

import static java.util.Objects.requireNonNull;

import com.linecorp.armeria.server.ServiceRequestContext;

import dev.tradeloom.api.v1.RateTier;
import dev.tradeloom.platform.error.ResourceExhaustedException;
import dev.tradeloom.platform.grpc.GrpcErrors;
import dev.tradeloom.platform.grpc.MethodAccess;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;

/**
 * Applies the rate-limit tier each rpc declares in its contract to REST, gRPC and gRPC-Web
 * alike; a refused call ends RESOURCE_EXHAUSTED (HTTP 429) with {@code Retry-After}.
 */
final class RateLimitInterceptor implements ServerInterceptor {
    private final RateLimits limits;
    private final ClientKeys clients;

    RateLimitInterceptor(RateLimits limits, ClientKeys clients) {
        this.limits = requireNonNull(limits, "limits");
        this.clients = requireNonNull(clients, "clients");
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                      ServerCallHandler<Q, R> next) {
        final RateTier tier = MethodAccess.of(call.getMethodDescriptor()).getRateTier();
        final ServiceRequestContext ctx = ServiceRequestContext.current();
        if (limits.tryAcquire(tier, clients.of(tier, headers.get(ForwardedHeaders.AUTHORIZATION), ctx), ctx)) {
            return next.startCall(call, headers);
        }
        final Metadata trailers = new Metadata();
        call.close(GrpcErrors.toStatus(new ResourceExhaustedException(
                "RATE_LIMITED", "Too many requests; retry after the time in Retry-After."), trailers), trailers);
        return new ServerCall.Listener<>() {};
    }
}
