package dev.tradeloom.bff;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import com.linecorp.armeria.client.grpc.GrpcClients;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.grpc.GrpcSerializationFormats;
import com.linecorp.armeria.common.prometheus.PrometheusMeterRegistries;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServerListener;
import com.linecorp.armeria.server.cors.CorsService;
import com.linecorp.armeria.server.docs.DocService;
import com.linecorp.armeria.server.grpc.GrpcService;
import com.linecorp.armeria.server.grpc.GrpcServiceBuilder;
import com.linecorp.armeria.server.grpc.HttpJsonTranscodingOptions;
import com.linecorp.armeria.server.grpc.HttpJsonTranscodingQueryParamMatchRule;
import com.linecorp.armeria.server.healthcheck.HealthCheckService;
import com.linecorp.armeria.server.prometheus.PrometheusExpositionService;

import dev.tradeloom.catalog.v1.ImageServiceGrpc;
import dev.tradeloom.platform.auth.TokenVerifier;
import dev.tradeloom.platform.logging.AccessLog;
import dev.tradeloom.platform.logging.RequestLogContext;
import dev.tradeloom.tenant.v1.AuthServiceGrpc.AuthServiceBlockingStub;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.ServerInterceptor;
import io.grpc.ServiceDescriptor;
import io.grpc.health.v1.HealthGrpc;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** The edge's wiring, shared by {@link BffMain}, the launcher and the tests. */
public final class BffServer {
    /** What a gRPC UploadImage request carries besides the file: its framing, the tenant id, field tags. */
    private static final int UPLOAD_MESSAGE_OVERHEAD = 1024;
    private static final String UPLOAD_IMAGE = ImageServiceGrpc.getUploadImageMethod().getFullMethodName();

    private BffServer() {}

    private static Function<? super HttpService, CorsService> cors(BffConfig config) {
        return CorsService.builder(config.corsOrigins())
                          .allowRequestMethods(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH,
                                               HttpMethod.DELETE, HttpMethod.OPTIONS)
                          .allowRequestHeaders("authorization", "content-type", "x-request-id", "x-grpc-web",
                                               "x-user-agent", "grpc-timeout", "if-match")
                          .exposeHeaders(EdgeErrors.exposedHeaders())
                          .allowCredentials()
                          .maxAge(Duration.ofHours(1))
                          .newDecorator();
    }

    /**
     * A gRPC channel to {@code url}. Armeria hands out channels through stubs; the health stub is
     * only the vehicle, the channel carries any service's calls.
     */
    private static Channel channelTo(String url) {
        return GrpcClients.newClient(url, HealthGrpc.HealthStub.class).getChannel();
    }

    /** {@code GET /openapi.json}: the REST API's OpenAPI 3 description, generated once at start. */
    private static HttpService openApi(List<ServiceDescriptor> contracts) {
        final String document = OpenApiDocument.of(contracts);
        return (ctx, req) -> HttpResponse.of(HttpStatus.OK, MediaType.JSON_UTF_8, document);
    }

    /** Configures {@code sb} to serve the edge as {@code config} describes. */
    public static ServerBuilder configure(ServerBuilder sb, BffConfig config) {
        requireNonNull(sb, "sb");
        requireNonNull(config, "config");
        RequestLogContext.install();
        final PrometheusMeterRegistry metrics = PrometheusMeterRegistries.newRegistry();
        final boolean sharedLimits = config.rateLimitEnabled()
                                     && config.rateLimitStore().kind() == RateLimitStore.Kind.POSTGRES;
        final RateLimits limits = new RateLimits(config.rateLimitEnabled(), config.perMinute(),
                                                 sharedLimits ? new PostgresBuckets(config.rateLimitStore())
                                                              : Buckets.inMemory(),
                                                 metrics);
        final ClientAddresses addresses = new ClientAddresses(config.trustedProxies());
        final ForwardedHeaders forwarded = new ForwardedHeaders(addresses);
        final ClientKeys clients = new ClientKeys(TokenVerifier.fromJwksUrl(config.jwksUrl()), addresses);
        // The last interceptor runs first: the request id exists even for refused calls.
        final ServerInterceptor[] interceptors = {
                new EntityTags(), new AcceptLanguage(), new RateLimitInterceptor(limits, clients), forwarded };
        final GrpcServiceBuilder grpc = GrpcService.builder()
                .supportedSerializationFormats(GrpcSerializationFormats.values())
                .enableHttpJsonTranscoding(HttpJsonTranscodingOptions.builder()
                        .queryParamMatchRules(HttpJsonTranscodingQueryParamMatchRule.ORIGINAL_FIELD,
                                              HttpJsonTranscodingQueryParamMatchRule.LOWER_CAMEL_CASE)
                        .errorHandler(EdgeErrors.forTranscoding())
                        .build())
                .intercept(interceptors);
        // UploadImage carries a whole file: it is served apart, on a route allowed the upload limit.
        final GrpcServiceBuilder uploads = GrpcService.builder()
                .supportedSerializationFormats(GrpcSerializationFormats.values())
                .intercept(interceptors);
        final List<ServiceDescriptor> contracts = new ArrayList<>();
        for (Upstream upstream : Upstream.all(config)) {
            contracts.addAll(upstream.services());
            final Channel channel = ClientInterceptors.intercept(channelTo(upstream.url()), forwarded);
            final Forwarder forwarder = new Forwarder(channel, config.requestTimeout(),
                                                      TryOnEvents.WATCH_LIMIT);
            for (ServiceDescriptor service : upstream.services()) {
                grpc.addService(forwarder.forward(service, method -> !method.equals(UPLOAD_IMAGE)));
                if (service.getName().equals(ImageServiceGrpc.SERVICE_NAME)) {
                    uploads.addService(forwarder.forward(service, UPLOAD_IMAGE::equals));
                }
            }
        }
        if (sharedLimits) {
            // The shared buckets are read and written over JDBC in the interceptors: off the event loop.
            grpc.useBlockingTaskExecutor(true);
            uploads.useBlockingTaskExecutor(true);
        }
        if (!config.corsOrigins().isEmpty()) {
            sb.decorator(cors(config));
        }
        final CatalogHttp catalogHttp = new CatalogHttp(config.catalogCoreUrl());
        return sb.http(config.port())
                 .meterRegistry(metrics)
                 .requestTimeout(config.requestTimeout())
                 .maxRequestLength(config.maxRequestBytes())
                 .gracefulShutdownTimeout(Duration.ofSeconds(2), Duration.ofSeconds(15))
                 .errorHandler(new HttpErrors())
                 .service(grpc.build(), RestInputCheck::new)
                 // Without a path of its own, the route takes the service's: DocService lists it as it is.
                 .route().maxRequestLength(config.maxUploadBytes() + UPLOAD_MESSAGE_OVERHEAD)
                         // Time for a file from a phone to arrive; the forwarder then gives catalog-core the
                         // usual request timeout.
                         .requestTimeout(ImageUploads.BODY_TIMEOUT)
                         .build(uploads.build())
                 // The one REST route allowed a larger body: the file arrives as it is, no JSON around it.
                 .route().post(ImageUploads.ROUTE).maxRequestLength(config.maxUploadBytes())
                         .requestTimeout(ImageUploads.BODY_TIMEOUT)
                         .build(new ImageUploads(channelTo(config.catalogCoreUrl()), limits, clients,
                                                 config.requestTimeout()))
                 .annotatedService("/v1/browser", new BrowserSessions(
                         GrpcClients.builder(config.tenantCoreUrl()).build(AuthServiceBlockingStub.class),
                         limits, addresses, config.cookieSecure(), config.requestTimeout()))
                 .route().get(MetaFeedProxy.ROUTE).build(new MetaFeedProxy(catalogHttp, limits, addresses))
                 .route().methods(HttpMethod.GET, HttpMethod.HEAD).path(ImageLinkProxy.ROUTE)
                         .build(new ImageLinkProxy(catalogHttp))
                 .route().get(ProductPage.ROUTE).build(new ProductPage(channelTo(config.catalogCoreUrl()),
                                                                       config.requestTimeout(), limits, addresses))
                 // Long-lived: the route's own timeout replaces the edge's short request timeout.
                 .route().get(TryOnEvents.ROUTE).requestTimeout(TryOnEvents.WATCH_LIMIT)
                         .build(new TryOnEvents(channelTo(config.tryonUrl()), limits, clients,
                                                config.requestTimeout()))
                 .service("/openapi.json", openApi(contracts))
                 .serviceUnder("/docs", DocService.builder().build())
                 .service("/internal/health", HealthCheckService.of())
                 .route().path("/internal/metrics")
                         .decorator(new MetricsAccess(new AddressBlocks(config.metricsAllowedNetworks()),
                                                      addresses))
                         .build(PrometheusExpositionService.of(metrics.getPrometheusRegistry()))
                 .decorator(SecurityHeaders.decorator())
                 .decorator(RequestLogContext.requestIds(true))
                 .accessLogWriter(AccessLog.of("edge"), true)
                 .serverListener(ServerListener.builder().whenStopped(server -> limits.close()).build());
    }
}
