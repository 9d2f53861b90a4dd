package dev.tradeloom.bff;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;

import dev.tradeloom.platform.logging.RequestLogContext;

class EdgeErrorsTest {
    @Test
    void aServerFault_hidesItsDetail_andNamesTheRequestIdTheLogsCarry() throws Exception {
        final HttpRequest request = HttpRequest.of(RequestHeaders.of(HttpMethod.GET, "/v1/anything",
                                                                     "x-request-id", "trace-42"));
        final HttpService failing = (ctx, req) -> EdgeErrors.response(
                ctx, HttpStatus.INTERNAL_SERVER_ERROR, "INTERNAL", "NullPointerException at Foo.java:12", "",
                Map.of());
        final AggregatedHttpResponse response = failing.decorate(RequestLogContext.requestIds(true))
                                                       .serve(ServiceRequestContext.of(request), request)
                                                       .aggregate().join();
        assertThat(response.status()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
        assertThat(response.contentUtf8()).contains("(request id trace-42)").doesNotContain("NullPointerException");
    }
}
