package dev.tradeloom.platform.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.server.Server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.tradeloom.platform.testing.Eventually;

/** One access line per call, through a real server: routine polls that succeed are written at DEBUG. */
class AccessLogTest {
    private final Logger logger = (Logger) LoggerFactory.getLogger("tradeloom.access.access-log-test");
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private Server server;
    private WebClient client;

    @BeforeEach
    void start() {
        lines.start();
        logger.addAppender(lines);
        logger.setLevel(Level.DEBUG);
        server = Server.builder().http(0)
                       .service("/changes", (ctx, req) -> HttpResponse.of("fail".equals(ctx.queryParam("then"))
                                                                         ? HttpStatus.SERVICE_UNAVAILABLE
                                                                         : HttpStatus.OK))
                       .service("/things", (ctx, req) -> HttpResponse.of(HttpStatus.OK))
                       .accessLogWriter(AccessLog.of("access-log-test", Set.of("/changes")), true)
                       .build();
        server.start().join();
        client = WebClient.of("http://127.0.0.1:" + server.activeLocalPort());
    }

    @AfterEach
    void stop() {
        server.stop().join();
        logger.detachAppender(lines);
        logger.setLevel(null);
    }

    @Test
    void aRoutinePollThatSucceeds_isDebug_itsFailuresAndOtherCallsInfo() {
        client.get("/changes").aggregate().join();
        client.get("/changes?then=fail").aggregate().join();
        client.get("/things").aggregate().join();

        Eventually.await(Duration.ofSeconds(10), "three access lines", () -> lines.list.size() == 3);
        final List<String> logged = lines.list.stream().map(e -> e.getLevel() + " " + e.getFormattedMessage())
                                              .toList();
        assertThat(logged).anySatisfy(line -> assertThat(line).startsWith("DEBUG GET /changes 200 "))
                          .anySatisfy(line -> assertThat(line).startsWith("INFO GET /changes 503 "))
                          .anySatisfy(line -> assertThat(line).startsWith("INFO GET /things 200 "));
    }
}
