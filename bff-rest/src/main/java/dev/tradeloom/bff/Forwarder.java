package dev.tradeloom.bff;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import com.linecorp.armeria.common.util.TimeoutMode;
import com.linecorp.armeria.server.ServiceRequestContext;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;

/**
 * Serves a contract by forwarding every call to the core service that implements it: one
 * generic handler per method kind, no per-rpc code. The generated descriptors keep the
 * {@code google.api.http} options, so the edge transcodes REST for them.
 */
final class Forwarder {
    /** The header in which a gRPC client sends its deadline. */
    private static final String GRPC_TIMEOUT = "grpc-timeout";

    private final Channel upstream;
    private final Duration defaultDeadline;
    private final Duration defaultStreamDeadline;

    /**
     * Calls without a deadline of their own get {@code defaultDeadline}, server streams (a watch that lasts
     * as long as what it follows) {@code defaultStreamDeadline}.
     */
    Forwarder(Channel upstream, Duration defaultDeadline, Duration defaultStreamDeadline) {
        this.upstream = requireNonNull(upstream, "upstream");
        this.defaultDeadline = requireNonNull(defaultDeadline, "defaultDeadline");
        this.defaultStreamDeadline = requireNonNull(defaultStreamDeadline, "defaultStreamDeadline");
    }

    /** {@code service} with those of its methods whose full name {@code serves} accepts. */
    ServerServiceDefinition forward(ServiceDescriptor service, Predicate<String> serves) {
        final List<MethodDescriptor<?, ?>> methods = service.getMethods().stream()
                                                            .filter(m -> serves.test(m.getFullMethodName()))
                                                            .toList();
        // The schema descriptor stays: it holds the options the edge transcodes and documents by.
        final ServiceDescriptor.Builder served = ServiceDescriptor.newBuilder(service.getName())
                                                                  .setSchemaDescriptor(service.getSchemaDescriptor());
        methods.forEach(served::addMethod);
        final ServerServiceDefinition.Builder definition = ServerServiceDefinition.builder(served.build());
        methods.forEach(method -> add(definition, method));
        return definition.build();
    }

    private <Q, R> void add(ServerServiceDefinition.Builder definition, MethodDescriptor<Q, R> method) {
        switch (method.getType()) {
            case UNARY:
                definition.addMethod(method, ServerCalls.asyncUnaryCall((request, response) -> {
                    messageArrived();
                    ClientCalls.asyncUnaryCall(upstream.newCall(method, callOptions(defaultDeadline)), request,
                                               response);
                }));
                break;
            case SERVER_STREAMING:
                definition.addMethod(method, ServerCalls.asyncServerStreamingCall(
                        (request, response) -> ClientCalls.asyncServerStreamingCall(
                                upstream.newCall(method, callOptions(defaultStreamDeadline)), request,
                                response)));
                break;
            default:
                throw new IllegalArgumentException(
                        method.getFullMethodName() + ": " + method.getType()
                        + " (expected: UNARY or SERVER_STREAMING; the edge forwards no client streams)");
        }
    }

    /**
     * The request's message is in. A route that gave it longer to arrive than the usual deadline (an image
     * upload from a phone) now gives the core service the usual time, unless the client set its own deadline.
     */
    private void messageArrived() {
        final ServiceRequestContext ctx = ServiceRequestContext.currentOrNull();
        if (ctx != null && ctx.requestTimeoutMillis() > defaultDeadline.toMillis()
            && !ctx.request().headers().contains(GRPC_TIMEOUT)) {
            ctx.setRequestTimeout(TimeoutMode.SET_FROM_NOW, defaultDeadline);
        }
    }

    /** The core service's deadline: what is left of the request's time, or else {@code fallback}. */
    private static CallOptions callOptions(Duration fallback) {
        return CallOptions.DEFAULT.withDeadlineAfter(
                RequestDeadlines.remainingMillis(ServiceRequestContext.currentOrNull(), fallback),
                TimeUnit.MILLISECONDS);
    }
}
