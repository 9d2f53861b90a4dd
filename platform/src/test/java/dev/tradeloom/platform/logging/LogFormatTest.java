package dev.tradeloom.platform.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.status.StatusUtil;
import dev.tradeloom.platform.config.ConfigException;
import dev.tradeloom.platform.config.Env;

/** The shipped logback configuration writes text or JSON as LOG_FORMAT says. */
class LogFormatTest {
    @Test
    void json_isOneObjectPerLineWithTheMdc() throws Exception {
        final String out = logOneLine("json");
        final JsonNode line = new ObjectMapper().readTree(out.lines().findFirst().orElseThrow());
        assertThat(line.get("level").asText()).isEqualTo("INFO");
        assertThat(line.get("loggerName").asText()).isEqualTo("tradeloom.access.test");
        assertThat(line.get("formattedMessage").asText()).isEqualTo("GET /v1/things 200");
        assertThat(line.get("mdc").get("request_id").asText()).isEqualTo("req-42");
        assertThat(line.get("kvpList").toString()).contains("\"status\":\"200\"");
    }

    @Test
    void text_isTheDefaultAndShowsTheRequestId() throws Exception {
        final String out = logOneLine(null);
        assertThat(out).contains("INFO ", "tradeloom.access.test [req-42] - GET /v1/things 200")
                       .doesNotStartWith("{");
    }

    @Test
    void otherFormats_stopStartUp() {
        final Env env = Env.of(Map.of("LOG_FORMAT", "xml"));
        assertThat(LogFormat.check(env)).isEqualTo("xml");
        assertThatThrownBy(env::check).isInstanceOf(ConfigException.class)
                                      .hasMessageContaining("LOG_FORMAT: 'xml' (expected: text or json)");
        assertThat(LogFormat.check(Env.of(Map.of()))).isEqualTo("text");
    }

    private static String logOneLine(String format) throws Exception {
        final LoggerContext context = new LoggerContext();
        context.setMDCAdapter(MDC.getMDCAdapter());
        context.start();
        if (format != null) {
            context.putProperty("LOG_FORMAT", format);
        }
        final PrintStream stdout = System.out;
        final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            final JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(context);
            configurator.doConfigure(LogFormatTest.class.getResource("/logback.xml"));
            assertThat(new StatusUtil(context).getHighestLevel(0)).as("logback configuration problems")
                                                                 .isLessThan(Status.WARN);
            MDC.put(RequestLogContext.REQUEST_ID_KEY, "req-42");
            context.getLogger("tradeloom.access.test").atInfo().setMessage("GET /v1/things 200")
                   .addKeyValue("status", 200).log();
        } finally {
            MDC.remove(RequestLogContext.REQUEST_ID_KEY);
            context.stop();
            System.setOut(stdout);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }
}
