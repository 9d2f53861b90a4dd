package dev.tradeloom.bff;

import static dev.tradeloom.bff.EdgeTesting.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Timestamps;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.client.grpc.GrpcClients;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.grpc.GrpcSerializationFormats;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.grpc.GrpcService;

import dev.tradeloom.api.v1.RateTier;
import dev.tradeloom.tenant.TenantCoreTesting;
import dev.tradeloom.tenant.v1.AuthServiceGrpc;
import dev.tradeloom.tenant.v1.AuthServiceGrpc.AuthServiceBlockingStub;
import dev.tradeloom.tenant.v1.GetJwksRequest;
import dev.tradeloom.tenant.v1.LoginRequest;
import dev.tradeloom.tenant.v1.LoginResponse;
import dev.tradeloom.tenant.v1.RegisterRequest;
import dev.tradeloom.tenant.v1.Tokens;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;

class EdgeProtocolsTest {
    private static EdgeTesting edge;

    @BeforeAll
    static void start() {
        edge = EdgeTesting.withoutRateLimits();
    }

    @AfterAll
    static void stop() {
        edge.close();
    }

    @Test
    void grpcAndGrpcWeb_reachTheCoreServiceThroughTheEdgePort() {
        for (var format : List.of(GrpcSerializationFormats.PROTO, GrpcSerializationFormats.PROTO_WEB,
                                  GrpcSerializationFormats.JSON_WEB)) {
            final AuthServiceBlockingStub stub = GrpcClients.builder(edge.uri()).serializationFormat(format)
                                                            .build(AuthServiceBlockingStub.class);
            assertThat(stub.getJwks(GetJwksRequest.getDefaultInstance()).getKeysCount())
                    .as("keys through %s", format).isPositive();
        }
    }

    @Test
    void grpcErrors_keepTheirRichDetailsThroughTheEdge() {
        final AuthServiceBlockingStub stub = GrpcClients.newClient(edge.uri(), AuthServiceBlockingStub.class);
        assertThatThrownBy(() -> stub.register(RegisterRequest.newBuilder().setEmail("nope").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(StatusProto.fromThrowable(e).getDetailsCount()).isEqualTo(2);
                });
    }

    @Test
    void corsPreflight_answersConfiguredOriginsOnly() {
        final AggregatedHttpResponse allowed = edge.http.execute(preflight("https://shop.example"));
        assertThat(allowed.headers().get("access-control-allow-origin")).isEqualTo("https://shop.example");
        assertThat(allowed.headers().get("access-control-allow-credentials")).isEqualTo("true");

        final AggregatedHttpResponse other = edge.http.execute(preflight("https://evil.example"));
        assertThat(other.headers().get("access-control-allow-origin")).isNull();
    }

    @Test
    void cors_exposesTheRateLimitHeadersToBrowserScripts() {
        final AggregatedHttpResponse response = edge.http.execute(
                RequestHeaders.builder(HttpMethod.GET, "/v1/auth/jwks").add("origin", "https://shop.example").build());
        assertThat(response.headers().get("access-control-expose-headers").split(" *, *"))
                .contains("retry-after", "ratelimit-policy", "ratelimit");
    }

    @Test
    void requestId_fromTheClient_isEchoed() {
        final AggregatedHttpResponse response = edge.http.execute(
                RequestHeaders.builder(HttpMethod.GET, "/v1/auth/jwks").add("x-request-id", "abc-123").build());
        assertThat(response.headers().get("x-request-id")).isEqualTo("abc-123");
    }

    @Test
    void rateLimit_overTheTierBudget_is429WithRetryAfter_andOffSwitchWorks() {
        final Map<RateTier, Integer> tight = Map.of(RateTier.RATE_TIER_AUTH, 3, RateTier.RATE_TIER_GENERAL, 3,
                                                    RateTier.RATE_TIER_UPLOAD, 3, RateTier.RATE_TIER_PUBLIC, 3);
        try (EdgeTesting limited = new EdgeTesting(edge.tenantCore, true, tight)) {
            for (int i = 0; i < 3; i++) {
                final AggregatedHttpResponse ok = limited.get("/v1/auth/jwks", null);
                assertThat(ok.status()).isEqualTo(HttpStatus.OK);
                // draft-ietf-httpapi-ratelimit-headers-10 structured fields, named after the tier.
                assertThat(ok.headers().get("ratelimit-policy")).isEqualTo("\"public\";q=3;w=60");
                assertThat(ok.headers().get("ratelimit")).matches("\"public\";r=" + (2 - i) + ";t=[1-9][0-9]*");
                assertThat(ok.headers().contains("ratelimit-limit")).as("pre-draft-10 header").isFalse();
                assertThat(ok.headers().contains("ratelimit-remaining")).as("pre-draft-10 header").isFalse();
            }
            final AggregatedHttpResponse refused = limited.get("/v1/auth/jwks", null);
            assertThat(refused.status()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
            assertThat(Long.parseLong(refused.headers().get("retry-after"))).isBetween(1L, 60L);
            assertThat(refused.headers().get("ratelimit-policy")).isEqualTo("\"public\";q=3;w=60");
            assertThat(refused.headers().get("ratelimit")).matches("\"public\";r=0;t=[1-9][0-9]*");
            assertThat(json(refused).get("code").asText()).isEqualTo("RESOURCE_EXHAUSTED");
            assertThat(json(refused).get("reason").asText()).isEqualTo("RATE_LIMITED");
            // Other tiers keep their own budget.
            assertThat(limited.get("/v1/users/me", null).status()).isEqualTo(HttpStatus.UNAUTHORIZED);
        }
        try (EdgeTesting off = new EdgeTesting(edge.tenantCore, false, tight)) {
            for (int i = 0; i < 6; i++) {
                assertThat(off.get("/v1/auth/jwks", null).status()).isEqualTo(HttpStatus.OK);
            }
        }
    }

    @Test
    void signInAttempts_countAgainstTheAddress_evenWithATokenAttached() {
        final Map<RateTier, Integer> tight = Map.of(RateTier.RATE_TIER_AUTH, 3, RateTier.RATE_TIER_GENERAL, 100,
                                                    RateTier.RATE_TIER_UPLOAD, 100, RateTier.RATE_TIER_PUBLIC, 100);
        final String ownToken = edge.tenantCore.signUp(TenantCoreTesting.newEmail("guesser"));
        final String guess = "{\"email\":\"someone@example.com\",\"password\":\"guess\"}";
        try (EdgeTesting limited = new EdgeTesting(edge.tenantCore, true, tight)) {
            for (int i = 0; i < 3; i++) {
                assertThat(limited.post("/v1/auth/login", guess, ownToken).status()).isEqualTo(HttpStatus.UNAUTHORIZED);
            }
            // The address's budget is spent, with or without a token.
            assertThat(limited.post("/v1/auth/login", guess, ownToken).status())
                    .isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
            assertThat(limited.post("/v1/auth/login", guess, null).status()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        }
    }

    @Test
    void upstreamDown_is503Json() {
        final BffConfig config = new BffConfig(0, "http://127.0.0.1:1", "http://127.0.0.1:1",
                                               "http://127.0.0.1:1",
                                               "http://127.0.0.1:1/jwks", List.of(), false,
                                               EdgeTesting.generousLimits(), 65536, Duration.ofSeconds(5), true);
        final Server lonely = BffServer.configure(Server.builder(), config).build();
        lonely.start().join();
        try {
            final AggregatedHttpResponse response = WebClient.of("http://127.0.0.1:" + lonely.activeLocalPort())
                                                             .blocking().get("/v1/auth/jwks");
            assertThat(response.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
            assertThat(json(response).get("code").asText()).isEqualTo("UNAVAILABLE");
        } finally {
            lonely.stop().join();
        }
    }

    @Test
    void upstreamTooSlow_is504DeadlineExceeded_notAClientCancellation() throws Exception {
        final List<Socket> held = new CopyOnWriteArrayList<>();
        // Accepts connections and never answers: a core service that hangs.
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            final Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept());
                    }
                } catch (IOException closed) {
                    // The test is over.
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            final String url = "http://127.0.0.1:" + silent.getLocalPort();
            final BffConfig config = new BffConfig(0, url, url, url, url + "/jwks", List.of(), false,
                                                   EdgeTesting.generousLimits(), 65536, Duration.ofSeconds(1),
                                                   true);
            final Server stalled = BffServer.configure(Server.builder(), config).build();
            stalled.start().join();
            try {
                final var http = WebClient.of("http://127.0.0.1:" + stalled.activeLocalPort()).blocking();
                final AggregatedHttpResponse rest = http.get("/v1/auth/jwks");
                assertThat(rest.status()).as(rest.contentUtf8()).isEqualTo(HttpStatus.GATEWAY_TIMEOUT);
                assertThat(json(rest).get("code").asText()).isEqualTo("DEADLINE_EXCEEDED");

                final AggregatedHttpResponse browser = http.execute(
                        RequestHeaders.builder(HttpMethod.POST, "/v1/browser/login")
                                      .contentType(MediaType.JSON_UTF_8).build(),
                        "{\"email\":\"ravi@example.com\",\"password\":\"handloom cotton\"}");
                assertThat(browser.status()).as(browser.contentUtf8()).isEqualTo(HttpStatus.GATEWAY_TIMEOUT);
                assertThat(json(browser).get("code").asText()).isEqualTo("DEADLINE_EXCEEDED");
            } finally {
                stalled.stop().join();
            }
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
        }
    }

    @Test
    void browserSignIn_givesTenantCoreWhatIsLeftOfTheRequestTimeout_notTheClientDefault() throws Exception {
        final AtomicLong upstreamDeadlineMillis = new AtomicLong(-1);
        // tenant-core as far as the browser sign-in needs it: notes the deadline it was given.
        final Server tenantCore = Server.builder().http(0).service(GrpcService.builder().addService(
                new AuthServiceGrpc.AuthServiceImplBase() {
                    @Override
                    public void login(LoginRequest request, StreamObserver<LoginResponse> response) {
                        // The request's timeout, which Armeria sets from the grpc-timeout header.
                        upstreamDeadlineMillis.set(ServiceRequestContext.current().requestTimeoutMillis());
                        final Timestamp later = Timestamps.fromMillis(System.currentTimeMillis() + 60_000);
                        response.onNext(LoginResponse.newBuilder().setTokens(
                                Tokens.newBuilder().setAccessToken("access").setAccessTokenExpireTime(later)
                                      .setRefreshToken("refresh").setRefreshTokenExpireTime(later)
                                      .setSessionId("session")).build());
                        response.onCompleted();
                    }
                }).build()).build();
        tenantCore.start().join();
        final String url = "http://127.0.0.1:" + tenantCore.activeLocalPort();
        // Longer than the gRPC client's own default of 10 s, which the browser routes used to be held to.
        final BffConfig config = new BffConfig(0, url, url, url, url + "/jwks", List.of(), false,
                                               EdgeTesting.generousLimits(), 65536, Duration.ofSeconds(60),
                                               true);
        final Server patient = BffServer.configure(Server.builder(), config).build();
        patient.start().join();
        try {
            final AggregatedHttpResponse signedIn = WebClient.of("http://127.0.0.1:" + patient.activeLocalPort())
                    .blocking().execute(RequestHeaders.builder(HttpMethod.POST, "/v1/browser/login")
                                                      .contentType(MediaType.JSON_UTF_8).build(),
                                        "{\"email\":\"ravi@example.com\",\"password\":\"handloom cotton\"}");
            assertThat(signedIn.status()).as(signedIn.contentUtf8()).isEqualTo(HttpStatus.OK);
            assertThat(upstreamDeadlineMillis.get()).as("tenant-core's request timeout, ms")
                                                   .isBetween(50_000L, 60_000L);
        } finally {
            patient.stop().join();
            tenantCore.stop().join();
        }
    }

    private static RequestHeaders preflight(String origin) {
        return RequestHeaders.builder(HttpMethod.OPTIONS, "/v1/auth/login")
                             .add("origin", origin)
                             .add("access-control-request-method", "POST")
                             .add("access-control-request-headers", "content-type,authorization")
                             .build();
    }
}
