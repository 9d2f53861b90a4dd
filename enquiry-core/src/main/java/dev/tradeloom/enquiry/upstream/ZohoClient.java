package dev.tradeloom.enquiry.upstream;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.client.BlockingWebClient;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;

import dev.tradeloom.enquiry.domain.ZohoConnections;
import dev.tradeloom.enquiry.domain.ZohoDataCentre;
import dev.tradeloom.enquiry.domain.ZohoCredentials;
import dev.tradeloom.enquiry.store.CrmConnectionRow;
import dev.tradeloom.enquiry.store.EnquiryRow;
import dev.tradeloom.platform.queue.JobFailure;

/**
 * Zoho CRM's lead upsert over HTTP (INTEGRATIONS.md, "Zoho CRM"): an access token from the connection's
 * refresh token (cached until shortly before it expires, refreshed once when Zoho answers 401), then an
 * upsert on the connection's external-id field at the returned {@code api_domain}, if that is an API server
 * of the connection's data centre. Failures come out as
 * the {@link JobFailure} a delivery should end with: 429 and 5xx, throttled token refreshes and unreachable
 * peers are retried, refused credentials are permanent.
 */
final class ZohoClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    /**
     * The longest {@link #upsert} can take: two token requests and three upserts (one again after a refreshed
     * token, one without Lead_Source), each up to the timeout.
     */
    static final Duration LONGEST_UPSERT = TIMEOUT.multipliedBy(5);
    /** Refresh this long before Zoho's stated expiry, so a token never dies mid-request. */
    private static final Duration EXPIRY_MARGIN = Duration.ofMinutes(5);
    /**
     * The OAuth errors of a token refresh that mean the stored credentials are bad (a wrong client id or
     * secret, a revoked or mistyped refresh token), which only reconnecting the CRM mends.
     */
    private static final Set<String> BAD_CREDENTIALS = Set.of("invalid_client", "invalid_client_secret",
                                                              "invalid_code", "invalid_grant",
                                                              "unauthorized_client");
    /** The least a token refresh Zoho throttled waits: Zoho says "try again after some time". */
    private static final Duration THROTTLE_WAIT = Duration.ofSeconds(60);

    private final ZohoConnections connections;
    private final @Nullable String accountsUrlOverride;
    /** {@link #accountsUrlOverride} parsed: its host may serve the API too (tests, proxies). */
    private final @Nullable URI accountsOverride;
    private final BlockingWebClient http = WebClient.builder().responseTimeout(TIMEOUT).build().blocking();
    private final Map<UUID, AccessToken> tokens = new ConcurrentHashMap<>();

    /** A cached access token, valid for one version of the tenant's connection. */
    private record AccessToken(String token, String apiDomain, Instant refreshAfter, Instant connectedAt,
                               long connectionVersion) {

        boolean servesFor(CrmConnectionRow connection) {
            return connectedAt.equals(connection.createdAt()) && connectionVersion == connection.version()
                   && Instant.now().isBefore(refreshAfter);
        }
    }

    /** The {@link JobFailure} a delivery should end with, unchecked: the client runs inside transactions. */
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

    ZohoClient(ZohoConnections connections, @Nullable String accountsUrlOverride) {
        this.connections = requireNonNull(connections, "connections");
        this.accountsUrlOverride = accountsUrlOverride;
        accountsOverride = accountsUrlOverride == null ? null : URI.create(accountsUrlOverride);
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
        private @Nullable AccessToken token;
        private boolean refreshed;

        Call(CrmConnectionRow connection) {
            this.connection = connection;
        }

        List<Row> upsert(List<EnquiryRow> batch, boolean leadSource) {
            final String body = ZohoLeads.upsertBody(connection, batch, leadSource);
            if (token == null) {
                token = token(connection, false);
            }
            AggregatedHttpResponse response = postLead(token, body);
            if (response.status().code() == 401 && !refreshed) {
                // The cached token was revoked or expired early: one fresh token, one more try.
                token = token(connection, true);
                refreshed = true;
                response = postLead(token, body);
            }
            if (response.status().code() == 401) {
                // Not an expiry (the token is new): the grant lacks a scope or was revoked, which no retry mends.
                final JsonNode error = parse(response);
                throw new Failed(JobFailure.permanent("Zoho refused a freshly refreshed access token (401): "
                                                      + error.path("code").asText("UNKNOWN") + ": "
                                                      + error.path("message").asText("")
                                                      + "; reconnect the CRM with access to Leads."));
            }
            final int status = response.status().code();
            if (status == 429) {
                throw new Failed(retryLater("Zoho is rate limiting this organisation (429)", response));
            }
            if (status >= 500) {
                throw new Failed(JobFailure.retry("Zoho answered " + status + '.', null));
            }
            final JsonNode json = parse(response);
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

    private AggregatedHttpResponse postLead(AccessToken token, String body) {
        final RequestHeaders headers = RequestHeaders.builder(HttpMethod.POST,
                                                              token.apiDomain() + "/crm/v8/Leads/upsert")
                                                     .contentType(MediaType.JSON_UTF_8)
                                                     .add(HttpHeaderNames.AUTHORIZATION,
                                                          "Zoho-oauthtoken " + token.token())
                                                     .build();
        return send(headers, body, "Zoho CRM");
    }

    private AccessToken token(CrmConnectionRow connection, boolean refresh) {
        final AccessToken cached = tokens.get(connection.tenantId());
        if (!refresh && cached != null && cached.servesFor(connection)) {
            return cached;
        }
        final ZohoCredentials credentials;
        try {
            credentials = connections.open(connection);
        } catch (IllegalStateException e) {
            throw new Failed(JobFailure.permanent("Cannot open the stored Zoho credentials (was CRM_SECRET_KEY "
                                                  + "changed?); reconnect the CRM."));
        }
        final ZohoDataCentre dataCentre = credentials.dataCentre();
        final String accounts = accountsUrlOverride != null ? accountsUrlOverride : dataCentre.accountsUrl();
        final String form = "grant_type=refresh_token&client_id=" + encode(credentials.clientId())
                            + "&client_secret=" + encode(credentials.clientSecret())
                            + "&refresh_token=" + encode(credentials.refreshToken());
        final AggregatedHttpResponse response = send(
                RequestHeaders.builder(HttpMethod.POST, accounts + "/oauth/v2/token")
                              .contentType(MediaType.FORM_DATA).build(), form, "Zoho accounts");
        final int status = response.status().code();
        if (status == 429) {
            throw new Failed(throttled("Zoho accounts is rate limiting token refreshes (429)", response));
        }
        if (status >= 500) {
            throw new Failed(JobFailure.retry("Zoho accounts answered " + status + '.', null));
        }
        final JsonNode json = parse(response);
        if (json.hasNonNull("error") || status >= 400) {
            throw new Failed(refused(status, json, response));
        }
        final String accessToken = json.path("access_token").asText();
        final String apiDomain = json.path("api_domain").asText();
        if (accessToken.isEmpty() || apiDomain.isEmpty()) {
            throw new Failed(JobFailure.retry("Zoho accounts answered without access_token or api_domain.",
                                              null));
        }
        final String apiServer = apiServer(dataCentre, apiDomain);
        final Duration lifetime = Duration.ofSeconds(json.path("expires_in").asLong(3600));
        final Instant refreshAfter = Instant.now().plus(lifetime).minus(
                lifetime.compareTo(EXPIRY_MARGIN.multipliedBy(2)) > 0 ? EXPIRY_MARGIN : lifetime.dividedBy(2));
        final AccessToken fresh = new AccessToken(accessToken, apiServer, refreshAfter,
                                                  connection.createdAt(), connection.version());
        tokens.put(connection.tenantId(), fresh);
        return fresh;
    }

    /**
     * The server leads go to, from the {@code api_domain} a token came with, if the token may be sent there:
     * an API server of the connection's data centre ({@link ZohoDataCentre#servesApi}) or, only where
     * {@code ZOHO_ACCOUNTS_URL} sends token requests to another server (tests, proxies), a server with that
     * URL's scheme and host. Anything else is a permanent failure, and the token (and the leads) never go.
     */
    private String apiServer(ZohoDataCentre dataCentre, String apiDomain) {
        URI url = null;
        try {
            url = new URI(apiDomain);
        } catch (URISyntaxException e) {
            // Refused below.
        }
        if (url != null && (dataCentre.servesApi(url) || overrideServes(url))) {
            return stripSlash(apiDomain);
        }
        final String named = apiDomain.length() > 200 ? apiDomain.substring(0, 200) + '…' : apiDomain;
        throw new Failed(JobFailure.permanent(
                "Zoho accounts named " + named + " as the CRM's API server (api_domain), which is not one of "
                + "the connection's data centre (" + dataCentre.code() + ", expected: "
                + dataCentre.apiServers() + "); the access token and the leads were not sent there. "
                + "Is the data centre right?"));
    }

    /** Whether {@code url} is a server on the host of {@code ZOHO_ACCOUNTS_URL}, with its scheme. */
    private boolean overrideServes(URI url) {
        return accountsOverride != null && accountsOverride.getHost() != null && ZohoDataCentre.isServer(url)
               && accountsOverride.getScheme().equalsIgnoreCase(url.getScheme())
               && accountsOverride.getHost().equalsIgnoreCase(url.getHost());
    }

    private AggregatedHttpResponse send(RequestHeaders headers, String body, String peer) {
        try {
            return http.execute(headers, body);
        } catch (RuntimeException e) {
            // Armeria reports unreachable peers and timeouts as unchecked exceptions: an outage, retried.
            throw new Failed(JobFailure.retry(peer + " is unreachable: " + e, e));
        }
    }

    /**
     * What a token request Zoho accounts answered with an error ends with. Only the errors that say the
     * stored credentials are bad are permanent; Zoho throttles refreshes with 400 "Access Denied", which
     * passes, and an error we do not know is retried rather than taken for a dead connection.
     */
    private static JobFailure refused(int status, JsonNode json, AggregatedHttpResponse response) {
        final String error = json.path("error").asText("");
        final String description = json.path("error_description").asText("");
        final String said = (error.isEmpty() ? "no error code" : error)
                            + (description.isEmpty() ? "" : ": " + description);
        if (BAD_CREDENTIALS.contains(error)) {
            return JobFailure.permanent("Zoho refused the connection's credentials (" + status + ' ' + said
                                        + "); reconnect the CRM.");
        }
        if ("Access Denied".equals(error)
            || description.toLowerCase(Locale.ROOT).contains("too many requests")) {
            return throttled("Zoho accounts is throttling token refreshes (" + status + ' ' + said
                             + "); the credentials are fine", response);
        }
        return JobFailure.retry("Zoho accounts refused a token refresh with an error not known to mean bad "
                                + "credentials (" + status + ' ' + said + "); retrying.", null);
    }

    /**
     * Zoho accounts throttling token refreshes: retried after its Retry-After, but no sooner than
     * {@link #THROTTLE_WAIT}, since Zoho keeps refusing a client that comes back sooner.
     */
    private static JobFailure throttled(String reason, AggregatedHttpResponse response) {
        final JobFailure later = retryLater(reason, response);
        final Duration after = later.retryAfter();
        return JobFailure.retryAfter(reason + '.', after != null && after.compareTo(THROTTLE_WAIT) > 0
                                                   ? after : THROTTLE_WAIT);
    }

    private static JobFailure retryLater(String reason, AggregatedHttpResponse response) {
        final String retryAfter = response.headers().get(HttpHeaderNames.RETRY_AFTER);
        if (retryAfter != null && retryAfter.matches("\\d{1,5}")) {
            return JobFailure.retryAfter(reason, Duration.ofSeconds(Long.parseLong(retryAfter)));
        }
        return JobFailure.retry(reason, null);
    }

    private static JsonNode parse(AggregatedHttpResponse response) {
        try {
            return JSON.readTree(response.contentUtf8());
        } catch (IOException e) {
            throw new Failed(JobFailure.retry(
                    "Zoho answered " + response.status().code() + " with a body that is not JSON.", e));
        }
    }

    private static String describe(JsonNode details) {
        return details.isMissingNode() || details.isEmpty() ? "" : " " + details;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
