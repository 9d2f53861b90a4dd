package dev.tradeloom.bff;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.RequestHeaders;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.tradeloom.platform.grpc.RequestGuard;
import dev.tradeloom.platform.testing.Eventually;
import dev.tradeloom.tenant.TenantCoreTesting;

/** A request id given to the edge is on the log lines of the edge and of the core service. */
class EdgeLoggingTest {
    private static final Logger ROOT = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private static final Logger GUARD = (Logger) LoggerFactory.getLogger(RequestGuard.class);

    private static EdgeTesting edge;
    private static ListAppender<ILoggingEvent> captured;

    @BeforeAll
    static void start() {
        edge = EdgeTesting.withoutRateLimits();
        captured = new ListAppender<>() {
            @Override
            protected void append(ILoggingEvent event) {
                event.prepareForDeferredProcessing(); // the MDC of the logging thread, now
                super.append(event);
            }
        };
        captured.start();
        ROOT.addAppender(captured);
        GUARD.setLevel(Level.DEBUG);
    }

    @AfterAll
    static void stop() {
        GUARD.setLevel(null);
        ROOT.detachAppender(captured);
        edge.close();
    }

    @Test
    void requestId_isInTheMdcOfEveryLineOnBothSides_withTheUserAndNoToken() {
        final String token = edge.tenantCore.signUp(TenantCoreTesting.newEmail("logs"));
        final String requestId = "trace-" + UUID.randomUUID();
        final AggregatedHttpResponse response = edge.http.execute(
                RequestHeaders.builder(HttpMethod.GET, "/v1/users/me?verbose=" + token)
                              .add("x-request-id", requestId)
                              .add("authorization", "Bearer " + token).build());
        assertThat(response.status()).isEqualTo(HttpStatus.OK);
        final String userId = EdgeTesting.json(response).get("id").asText();

        final Predicate<ILoggingEvent> ours = e -> requestId.equals(e.getMDCPropertyMap().get("request_id"));
        Eventually.await(Duration.ofSeconds(30), "access lines of the edge and tenant-core", () ->
                events(ours).stream().map(ILoggingEvent::getLoggerName).toList()
                            .containsAll(List.of("tradeloom.access.edge", "tradeloom.access.tenant-core")));

        final ILoggingEvent edgeLine = only(ours.and(e -> e.getLoggerName().equals("tradeloom.access.edge")));
        assertThat(edgeLine.getFormattedMessage())
                .startsWith("GET /v1/users/me 200 ").contains("request=" + requestId, "user=" + userId);
        assertThat(edgeLine.getMDCPropertyMap()).containsEntry("user_id", userId);

        final ILoggingEvent coreLine = only(ours.and(e -> e.getLoggerName().equals("tradeloom.access.tenant-core")));
        assertThat(coreLine.getFormattedMessage())
                .startsWith("POST /tradeloom.tenant.v1.AuthService/GetCurrentUser 200 grpc-status=0 ")
                .contains("user=" + userId);

        // The core's handler runs on a blocking-executor thread and still carries the id.
        final ILoggingEvent admitted = only(ours.and(e -> e.getLoggerName().equals(RequestGuard.class.getName())));
        assertThat(admitted.getThreadName()).contains("blocking");
        assertThat(admitted.getMDCPropertyMap()).containsEntry("user_id", userId);

        assertThat(events(e -> true)).noneMatch(e -> e.getFormattedMessage().contains(token));
    }

    @Test
    void withoutAClientId_theEdgeMakesOne_andTheCoreLogsTheSame() {
        final AggregatedHttpResponse response = edge.get("/v1/auth/jwks", null);
        final String requestId = response.headers().get("x-request-id");
        assertThat(requestId).isNotBlank();
        final Predicate<ILoggingEvent> ours = e -> requestId.equals(e.getMDCPropertyMap().get("request_id"));
        Eventually.await(Duration.ofSeconds(30), "the core's access line", () ->
                !events(ours.and(e -> e.getLoggerName().equals("tradeloom.access.tenant-core"))).isEmpty());
    }

    private static List<ILoggingEvent> events(Predicate<ILoggingEvent> filter) {
        synchronized (captured) {
            return captured.list.stream().filter(filter).toList();
        }
    }

    private static ILoggingEvent only(Predicate<ILoggingEvent> filter) {
        final List<ILoggingEvent> found = events(filter);
        assertThat(found).hasSize(1);
        return found.get(0);
    }
}
