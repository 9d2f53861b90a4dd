package dev.tradeloom.enquiry.upstream;

import java.io.IOException;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.client.BlockingWebClient;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.RequestHeaders;

import dev.tradeloom.platform.queue.JobFailure;

/**
 * Calls to Zoho's servers (accounts and CRM) and what their failures mean for a delivery: an unreachable
 * server or a body that is not JSON is retried, a Retry-After is honoured.
 */
final class ZohoHttp {
    /** The longest one call may take. */
    static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BlockingWebClient http = WebClient.builder().responseTimeout(TIMEOUT).build().blocking();

    /** The {@link JobFailure} a delivery should end with, unchecked: the calls run inside transactions. */
    static final class Failed extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient JobFailure failure;

        Failed(JobFailure failure) {
            super(failure.getMessage(), null, false, false);
            this.failure = failure;
        }

        JobFailure failure() {
            return failure;
        }
    }

    AggregatedHttpResponse send(RequestHeaders headers, String body, String peer) {
        try {
            return http.execute(headers, body);
        } catch (RuntimeException e) {
            // Armeria reports unreachable peers and timeouts as unchecked exceptions: an outage, retried.
            throw new Failed(JobFailure.retry(peer + " is unreachable: " + e, e));
        }
    }

    static JobFailure retryLater(String reason, AggregatedHttpResponse response) {
        final String retryAfter = response.headers().get(HttpHeaderNames.RETRY_AFTER);
        if (retryAfter != null && retryAfter.matches("\\d{1,5}")) {
            return JobFailure.retryAfter(reason, Duration.ofSeconds(Long.parseLong(retryAfter)));
        }
        return JobFailure.retry(reason, null);
    }

    static JsonNode parse(AggregatedHttpResponse response) {
        try {
            return JSON.readTree(response.contentUtf8());
        } catch (IOException e) {
            throw new Failed(JobFailure.retry(
                    "Zoho answered " + response.status().code() + " with a body that is not JSON.", e));
        }
    }
}
