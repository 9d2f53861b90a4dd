package dev.tradeloom.platform.server;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import com.google.protobuf.Message;
import com.linecorp.armeria.common.CommonPools;
import com.linecorp.armeria.common.prometheus.PrometheusMeterRegistries;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.docs.DocService;
import com.linecorp.armeria.server.grpc.GrpcService;
import com.linecorp.armeria.server.grpc.GrpcServiceBuilder;
import com.linecorp.armeria.server.healthcheck.HealthCheckService;
import com.linecorp.armeria.server.healthcheck.HealthCheckServiceBuilder;
import com.linecorp.armeria.server.healthcheck.HealthCheckStatus;
import com.linecorp.armeria.server.healthcheck.HealthChecker;
import com.linecorp.armeria.server.prometheus.PrometheusExpositionService;

import dev.tradeloom.platform.auth.MembershipResolver;
import dev.tradeloom.platform.auth.TokenVerifier;
import dev.tradeloom.platform.grpc.GrpcErrors;
import dev.tradeloom.platform.grpc.RequestGuard;
import dev.tradeloom.platform.grpc.RequestValidator;
import dev.tradeloom.platform.logging.AccessLog;
import dev.tradeloom.platform.logging.RequestLogContext;
import io.grpc.BindableService;
import io.grpc.MethodDescriptor;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * How every core service is served: its gRPC services behind the request guard (auth,
 * validation, permissions) with blocking work off the event loop and one error mapping,
 * {@code grpc.health.v1}, readiness at {@code /internal/health}, Prometheus metrics at
 * {@code /internal/metrics}, docs at {@code /docs}, graceful shutdown, and logs that carry the
 * caller's request id (MDC {@code request_id}) with one access line per call.
 */
public final class CoreServer {
    private static final Duration READINESS_INTERVAL = Duration.ofSeconds(5);

    private final List<BindableService> services = new ArrayList<>();
    private final List<BooleanSupplier> readinessChecks = new ArrayList<>();
    private final List<Consumer<ServerBuilder>> extras = new ArrayList<>();
    private final Set<String> routinePaths = new HashSet<>();
    private final PrometheusMeterRegistry meterRegistry = PrometheusMeterRegistries.newRegistry();
    private @Nullable TokenVerifier tokenVerifier;
    private MembershipResolver membershipResolver = MembershipResolver.FROM_TOKEN;
    private int port;
    private String name = "core";

    private CoreServer() {}

    public static CoreServer builder() {
        return new CoreServer();
    }

    /** The port to listen on; 0 picks a free one. */
    public CoreServer port(int newPort) {
        port = newPort;
        return this;
    }

    /** The service's name in its access log ({@code tradeloom.access.<name>}); default "core". */
    public CoreServer name(String newName) {
        name = requireNonNull(newName, "newName");
        return this;
    }

    /**
     * A method other services poll every few seconds, such as a change feed: its successful calls are
     * access-logged at DEBUG, so that they do not bury the other lines; its failures stay at INFO.
     */
    public CoreServer routine(MethodDescriptor<?, ?> method) {
        routinePaths.add('/' + method.getFullMethodName());
        return this;
    }

    public CoreServer service(BindableService service) {
        services.add(requireNonNull(service, "service"));
        return this;
    }

    public CoreServer tokenVerifier(TokenVerifier verifier) {
        tokenVerifier = requireNonNull(verifier, "verifier");
        return this;
    }

    public CoreServer membershipResolver(MembershipResolver resolver) {
        membershipResolver = requireNonNull(resolver, "resolver");
        return this;
    }

    /** A check that must pass for the service to report ready, e.g. the database answering. */
    public CoreServer readiness(BooleanSupplier check) {
        readinessChecks.add(requireNonNull(check, "check"));
        return this;
    }

    /** Further routes, such as a JWKS document. */
    public CoreServer configure(Consumer<ServerBuilder> extra) {
        extras.add(requireNonNull(extra, "extra"));
        return this;
    }

    public PrometheusMeterRegistry meterRegistry() {
        return meterRegistry;
    }

    public Server build() {
        final TokenVerifier verifier = requireNonNull(tokenVerifier, "tokenVerifier");
        RequestLogContext.install();
        final RequestValidator validator = new RequestValidator();
        final GrpcServiceBuilder grpc = GrpcService.builder()
                                                   .intercept(new RequestGuard(verifier, membershipResolver,
                                                                               validator))
                                                   .exceptionHandler(new GrpcErrors())
                                                   .useBlockingTaskExecutor(true)
                                                   .enableHealthCheckService(true);
        for (BindableService service : services) {
            final ServerServiceDefinition definition = service.bindService();
            warmValidation(validator, definition);
            grpc.addService(definition);
        }
        final ServerBuilder sb = Server.builder()
                                       .http(port)
                                       .meterRegistry(meterRegistry)
                                       .gracefulShutdownTimeout(Duration.ofSeconds(2), Duration.ofSeconds(15))
                                       .service(grpc.build())
                                       .service("/internal/health", healthService())
                                       .service("/internal/metrics",
                                                PrometheusExpositionService.of(meterRegistry.getPrometheusRegistry()))
                                       .serviceUnder("/docs", DocService.builder().build())
                                       .decorator(RequestLogContext.requestIds(false))
                                       .accessLogWriter(AccessLog.of(name, routinePaths), true);
        extras.forEach(extra -> extra.accept(sb));
        return sb.build();
    }

    /** Readiness: each check runs every few seconds off the event loop; the endpoint reads the result. */
    private HealthCheckService healthService() {
        final HealthCheckServiceBuilder health = HealthCheckService.builder();
        for (BooleanSupplier check : readinessChecks) {
            health.checkers(HealthChecker.of(
                    () -> CompletableFuture.supplyAsync(
                            () -> new HealthCheckStatus(check.getAsBoolean(), READINESS_INTERVAL.toMillis()),
                            CommonPools.blockingTaskExecutor()),
                    READINESS_INTERVAL));
        }
        return health.build();
    }

    /** protovalidate compiles rules on first use (about a second): do it before traffic arrives. */
    private static void warmValidation(RequestValidator validator, ServerServiceDefinition definition) {
        for (ServerMethodDefinition<?, ?> method : definition.getMethods()) {
            final MethodDescriptor.Marshaller<?> marshaller = method.getMethodDescriptor().getRequestMarshaller();
            if (marshaller instanceof MethodDescriptor.PrototypeMarshaller<?> prototype
                && prototype.getMessagePrototype() instanceof Message message) {
                validator.warm(message);
            }
        }
    }
}
