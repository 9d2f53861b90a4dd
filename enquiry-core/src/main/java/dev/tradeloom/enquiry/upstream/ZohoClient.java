package dev.tradeloom.enquiry.upstream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import com.fasterxml.jackson.databind.JsonNode;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;

import dev.tradeloom.enquiry.domain.ZohoConnections;
import dev.tradeloom.enquiry.store.CrmConnectionRow;
import dev.tradeloom.enquiry.store.EnquiryRow;
import dev.tradeloom.enquiry.upstream.ZohoHttp.Failed;
import dev.tradeloom.platform.queue.JobFailure;

/**
 * Zoho CRM's lead upsert over HTTP (INTEGRATIONS.md, "Zoho CRM"): with an access token of the connection
 * ({@link ZohoTokens}; refreshed once when Zoho answers 401), an upsert on the connection's external-id field
 * at the API server the token is for. Failures come out as the {@link JobFailure} a delivery should end with:
 * 429 and 5xx, throttled token refreshes and unreachable peers are retried, refused credentials are permanent.
 */
final class ZohoClient {
    /**
     * The longest {@link #upsert} can take: two token requests and three upserts (one again after a refreshed
     * token, one without Lead_Source), each up to the timeout.
     */
    static final Duration LONGEST_UPSERT = ZohoHttp.TIMEOUT.multipliedBy(5);

    private final ZohoHttp http = new ZohoHttp();
    private final ZohoTokens tokens;

    ZohoClient(ZohoConnections connections, @Nullable String accountsUrlOverride) {
        tokens = new ZohoTokens(http, connections, accountsUrlOverride);
    }

    /** What Zoho did with one record: the lead id, or why it rejected the record. */
    record Result(@Nullable String leadId, String rejection) {}

    /**
     * Upserts {@code batch} as leads; what Zoho did with each, in order. A lead refused only for its
     * Lead_Source (an organisation whose picklist is restricted to its own values) is sent again without one:
     * the source is a courtesy, the lead is not. Throws {@link Failed} when a call itself failed.
     */
    List<Result> upsert(CrmConnectionRow connection, List<EnquiryRow> batch) {
        final Call call = new Call(connection);
        final List<Row> rows = call.upsert(batch, true);
        final List<EnquiryRow> again = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).refusedField().equals(ZohoLeads.LEAD_SOURCE)) {
                again.add(batch.get(i));
            }
        }
        final List<Row> resent = again.isEmpty() ? List.of() : call.upsert(again, false);
        final List<Result> results = new ArrayList<>(batch.size());
        int next = 0;
        for (Row row : rows) {
            results.add(row.refusedField().equals(ZohoLeads.LEAD_SOURCE) ? resent.get(next++).result()
                                                                         : row.result());
        }
        return results;
    }

    /** What Zoho did with one record, and the field it named as invalid data, if it did ("" otherwise). */
    private record Row(Result result, String refusedField) {}

    /** The upsert calls of one push, sharing an access token. */
    private final class Call {
        private final CrmConnectionRow connection;
        private ZohoTokens.@Nullable AccessToken token;
        private boolean refreshed;

        Call(CrmConnectionRow connection) {
            this.connection = connection;
        }

        List<Row> upsert(List<EnquiryRow> batch, boolean leadSource) {
            final String body = ZohoLeads.upsertBody(connection, batch, leadSource);
            if (token == null) {
                token = tokens.token(connection, false);
            }
            AggregatedHttpResponse response = postLead(token, body);
            if (response.status().code() == 401 && !refreshed) {
                // The cached token was revoked or expired early: one fresh token, one more try.
                token = tokens.token(connection, true);
                refreshed = true;
                response = postLead(token, body);
            }
            if (response.status().code() == 401) {
                // Not an expiry (the token is new): the grant lacks a scope or was revoked, which no retry mends.
                final JsonNode error = ZohoHttp.parse(response);
                throw new Failed(JobFailure.permanent("Zoho refused a freshly refreshed access token (401): "
                                                      + error.path("code").asText("UNKNOWN") + ": "
                                                      + error.path("message").asText("")
                                                      + "; reconnect the CRM with access to Leads."));
            }
            final int status = response.status().code();
            if (status == 429) {
                throw new Failed(ZohoHttp.retryLater("Zoho is rate limiting this organisation (429)", response));
            }
            if (status >= 500) {
                throw new Failed(JobFailure.retry("Zoho answered " + status + '.', null));
            }
            final JsonNode json = ZohoHttp.parse(response);
            final List<Row> rows = new ArrayList<>(batch.size());
            for (int i = 0; i < batch.size(); i++) {
                final JsonNode row = json.path("data").path(i);
                final String id = row.path("details").path("id").asText();
                if ("SUCCESS".equals(row.path("code").asText()) && !id.isEmpty()) {
                    rows.add(new Row(new Result(id, ""), ""));
                } else {
                    final JsonNode error = row.isMissingNode() ? json : row;
                    final String refusedField = "INVALID_DATA".equals(error.path("code").asText())
                                                ? error.path("details").path("api_name").asText() : "";
                    rows.add(new Row(new Result(null, "Zoho rejected the lead (" + status + "): "
                                                      + error.path("code").asText("UNKNOWN") + ": "
                                                      + error.path("message").asText("")
                                                      + describe(error.path("details"))), refusedField));
                }
            }
            return rows;
        }
    }

    private AggregatedHttpResponse postLead(ZohoTokens.AccessToken token, String body) {
        final RequestHeaders headers = RequestHeaders.builder(HttpMethod.POST,
                                                              token.apiDomain() + "/crm/v8/Leads/upsert")
                                                     .contentType(MediaType.JSON_UTF_8)
                                                     .add(HttpHeaderNames.AUTHORIZATION,
                                                          "Zoho-oauthtoken " + token.token())
                                                     .build();
        return http.send(headers, body, "Zoho CRM");
    }

    private static String describe(JsonNode details) {
        return details.isMissingNode() || details.isEmpty() ? "" : " " + details;
    }
}
