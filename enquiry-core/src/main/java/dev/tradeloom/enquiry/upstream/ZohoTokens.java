package dev.tradeloom.enquiry.upstream;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import com.fasterxml.jackson.databind.JsonNode;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;

import dev.tradeloom.enquiry.domain.ZohoConnections;
import dev.tradeloom.enquiry.domain.ZohoCredentials;
import dev.tradeloom.enquiry.domain.ZohoDataCentre;
import dev.tradeloom.enquiry.store.CrmConnectionRow;
import dev.tradeloom.enquiry.upstream.ZohoHttp.Failed;
import dev.tradeloom.platform.queue.JobFailure;

/**
 * Access tokens for tenants' Zoho CRMs (INTEGRATIONS.md, "Zoho CRM"): refreshed from the connection's refresh
 * token at its data centre's accounts server, and cached per tenant until shortly before they expire, for one
 * version of the connection. A token comes with the API server leads go to ({@code api_domain}), accepted
 * only if it is one of the connection's data centre. Refused credentials are permanent failures; throttled
 * refreshes wait.
 */
final class ZohoTokens {
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

    private final ZohoHttp http;
    private final ZohoConnections connections;
    private final @Nullable String accountsUrlOverride;
    /** {@link #accountsUrlOverride} parsed: its host may serve the API too (tests, proxies). */
    private final @Nullable URI accountsOverride;
    private final Map<UUID, AccessToken> tokens = new ConcurrentHashMap<>();

    /** An access token and the API server it is for, valid for one version of the tenant's connection. */
    record AccessToken(String token, String apiDomain, Instant refreshAfter, Instant connectedAt,
                       long connectionVersion) {

        boolean servesFor(CrmConnectionRow connection) {
            return connectedAt.equals(connection.createdAt()) && connectionVersion == connection.version()
                   && Instant.now().isBefore(refreshAfter);
        }
    }

    ZohoTokens(ZohoHttp http, ZohoConnections connections, @Nullable String accountsUrlOverride) {
        this.http = requireNonNull(http, "http");
        this.connections = requireNonNull(connections, "connections");
        this.accountsUrlOverride = accountsUrlOverride;
        accountsOverride = accountsUrlOverride == null ? null : URI.create(accountsUrlOverride);
    }

    /** The connection's cached token, or a fresh one when {@code refresh} or none serves. */
    AccessToken token(CrmConnectionRow connection, boolean refresh) {
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
        final AggregatedHttpResponse response = http.send(
                RequestHeaders.builder(HttpMethod.POST, accounts + "/oauth/v2/token")
                              .contentType(MediaType.FORM_DATA).build(), form, "Zoho accounts");
        final int status = response.status().code();
        if (status == 429) {
            throw new Failed(throttled("Zoho accounts is rate limiting token refreshes (429)", response));
        }
        if (status >= 500) {
            throw new Failed(JobFailure.retry("Zoho accounts answered " + status + '.', null));
        }
        final JsonNode json = ZohoHttp.parse(response);
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
        final JobFailure later = ZohoHttp.retryLater(reason, response);
        final Duration after = later.retryAfter();
        return JobFailure.retryAfter(reason + '.', after != null && after.compareTo(THROTTLE_WAIT) > 0
                                                   ? after : THROTTLE_WAIT);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
