package dev.tradeloom.enquiry.upstream;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
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

import dev.tradeloom.enquiry.domain.CrmOutbox;
import dev.tradeloom.enquiry.domain.ZohoConnections;
import dev.tradeloom.enquiry.domain.ZohoDataCentre;
import dev.tradeloom.enquiry.domain.ZohoSecrets;
import dev.tradeloom.enquiry.store.CrmConnectionRow;
import dev.tradeloom.enquiry.store.EnquiryDao;
import dev.tradeloom.enquiry.store.EnquiryRow;
import dev.tradeloom.platform.db.Transactor;
import dev.tradeloom.platform.queue.Job;
import dev.tradeloom.platform.queue.JobFailure;
import dev.tradeloom.platform.queue.JobHandler;
import dev.tradeloom.platform.queue.JobQueue;

/**
 * Pushes an enquiry to the tenant's Zoho CRM as a lead (INTEGRATIONS.md, "Zoho CRM"): an access
 * token from the refresh token (cached until shortly before it expires, refreshed once when Zoho
 * answers 401), then an upsert on the tenant's external-id field at the returned {@code api_domain},
 * so a retried push updates the same lead instead of creating a second one. One push per tenant runs
 * at a time (a transaction-scoped advisory lock, waited for), and it carries the tenant's other
 * waiting enquiries too, up to Zoho's 100 records per call: a burst of one supplier's enquiries costs
 * a few calls, not one each, and their own jobs are marked done (one a worker has claimed meanwhile
 * finds its lead stored). 429 and 5xx are retried with the queue's backoff, and rejected data ends the
 * delivery with Zoho's reason. Lead ids are stored on the enquiries.
 */
public final class ZohoPusher implements JobHandler {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    /** Refresh this long before Zoho's stated expiry, so a token never dies mid-request. */
    private static final Duration EXPIRY_MARGIN = Duration.ofMinutes(5);
    private static final Duration LOCK_WAIT = Duration.ofSeconds(10);
    private static final Duration BUSY_RETRY = Duration.ofSeconds(1);
    private static final String LOCK_NOT_AVAILABLE = "55P03";
    /** Zoho takes at most this many records per upsert. */
    private static final int MAX_RECORDS = 100;

    private final Transactor tx;
    private final JobQueue queue;
    private final ZohoConnections connections;
    private final @Nullable String accountsUrlOverride;
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

    /** Carries a {@link JobFailure} out of a transaction callback, which may throw only unchecked. */
    private static final class Failed extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient JobFailure failure;

        Failed(JobFailure failure) {
            super(failure.getMessage(), null, false, false);
            this.failure = failure;
        }
    }

    public ZohoPusher(Transactor tx, JobQueue queue, ZohoConnections connections,
                      @Nullable String accountsUrlOverride) {
        this.tx = requireNonNull(tx, "tx");
        this.queue = requireNonNull(queue, "queue");
        this.connections = requireNonNull(connections, "connections");
        this.accountsUrlOverride = accountsUrlOverride;
    }

    @Override
    public void handle(Job job) throws JobFailure {
        final CrmOutbox.Push push;
        try {
            push = CrmOutbox.Push.fromJson(job.payload());
        } catch (IOException e) {
            throw JobFailure.permanent("Unreadable CRM push job: " + e.getMessage());
        }
        final @Nullable JobFailure rejected;
        try {
            rejected = tx.inTenant(push.tenantId(), h -> pushLocked(h, push));
        } catch (Failed e) {
            throw e.failure;
        }
        if (rejected != null) {
            // Thrown after the commit, so the leads of the other enquiries of the call are kept.
            throw rejected;
        }
    }

    /** Pushes {@code push}'s enquiry and the tenant's other waiting ones; Zoho's rejection of the first. */
    private @Nullable JobFailure pushLocked(Handle h, CrmOutbox.Push push) {
        lockTenant(h, push.tenantId());
        final EnquiryDao enquiries = h.attach(EnquiryDao.class);
        final EnquiryRow enquiry = enquiries.find(push.tenantId(), push.enquiryId()).orElse(null);
        if (enquiry == null || enquiry.crmLeadId() != null) {
            return null;
        }
        final CrmConnectionRow connection = ZohoConnections.find(h, push.tenantId()).orElseThrow(
                () -> new Failed(JobFailure.permanent("The tenant has no Zoho CRM connection any more.")));
        final List<EnquiryRow> batch = new ArrayList<>(List.of(enquiry));
        batch.addAll(waiting(h, enquiries, push));
        final List<Result> results = upsert(connection, batch);
        final List<String> carried = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            final String leadId = results.get(i).leadId();
            if (leadId != null) {
                enquiries.setCrmLeadId(push.tenantId(), batch.get(i).id(), leadId);
                if (i > 0) {
                    carried.add(CrmOutbox.dedupKey(batch.get(i).id()));
                }
            }
        }
        queue.completeQueued(h, CrmOutbox.QUEUE, carried);
        final Result own = results.get(0);
        return own.leadId() != null ? null : JobFailure.permanent(own.rejection());
    }

    /** The tenant's other enquiries whose push is queued and who have no lead yet, oldest first. */
    private List<EnquiryRow> waiting(Handle h, EnquiryDao enquiries, CrmOutbox.Push push) {
        final List<UUID> ids = new ArrayList<>();
        for (String payload : queue.queuedPayloads(h, CrmOutbox.QUEUE, push.tenantId(), MAX_RECORDS)) {
            try {
                ids.add(CrmOutbox.Push.fromJson(payload).enquiryId());
            } catch (IOException e) {
                // Its own job reports it.
            }
        }
        ids.remove(push.enquiryId());
        final List<EnquiryRow> waiting = enquiries.withoutLead(push.tenantId(), ids.toArray(UUID[]::new));
        return waiting.subList(0, Math.min(waiting.size(), MAX_RECORDS - 1));
    }

    /**
     * Waits for the tenant's other push, if any, to finish: one push per tenant across all replicas.
     * Waiting (bounded) rather than failing at once keeps a burst of one tenant's enquiries from
     * spending their attempts on each other.
     */
    private static void lockTenant(Handle h, UUID tenantId) {
        h.execute("set local lock_timeout = '" + LOCK_WAIT.toMillis() + "ms'");
        try {
            h.createQuery("select 1 from (select pg_advisory_xact_lock(hashtextextended(:key, 0))) as locked")
             .bind("key", "crm_push:" + tenantId).mapTo(Integer.class).one();
        } catch (UnableToExecuteStatementException e) {
            if (e.getCause() instanceof SQLException sql && LOCK_NOT_AVAILABLE.equals(sql.getSQLState())) {
                throw new Failed(JobFailure.retryAfter("Another CRM push for this tenant is still running",
                                                       BUSY_RETRY));
            }
            throw e;
        }
    }

    /** What Zoho did with one record: the lead id, or why it rejected the record. */
    private record Result(@Nullable String leadId, String rejection) {}

    /** What Zoho did with each of {@code batch}, in order; throws when the call itself failed. */
    private List<Result> upsert(CrmConnectionRow connection, List<EnquiryRow> batch) {
        final String body = ZohoLeads.upsertBody(connection, batch);
        AccessToken token = token(connection, false);
        AggregatedHttpResponse response = postLead(token, body);
        if (response.status().code() == 401) {
            // The cached token was revoked or expired early: one fresh token, one more try.
            token = token(connection, true);
            response = postLead(token, body);
            if (response.status().code() == 401) {
                throw new Failed(JobFailure.retry("Zoho refused a freshly refreshed access token (401).",
                                                  null));
            }
        }
        final int status = response.status().code();
        if (status == 429) {
            throw new Failed(retryLater("Zoho is rate limiting this organisation (429)", response));
        }
        if (status >= 500) {
            throw new Failed(JobFailure.retry("Zoho answered " + status + '.', null));
        }
        final JsonNode json = parse(response);
        final List<Result> results = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            final JsonNode row = json.path("data").path(i);
            final String id = row.path("details").path("id").asText();
            if ("SUCCESS".equals(row.path("code").asText()) && !id.isEmpty()) {
                results.add(new Result(id, ""));
            } else {
                final JsonNode error = row.isMissingNode() ? json : row;
                results.add(new Result(null, "Zoho rejected the lead (" + status + "): "
                                             + error.path("code").asText("UNKNOWN") + ": "
                                             + error.path("message").asText("")
                                             + describe(error.path("details"))));
            }
        }
        return results;
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
        final ZohoSecrets secrets;
        try {
            secrets = connections.open(connection);
        } catch (IllegalStateException e) {
            throw new Failed(JobFailure.permanent("Cannot open the stored Zoho secrets (was CRM_SECRET_KEY "
                                                  + "changed?); reconnect the CRM."));
        }
        final String accounts = accountsUrlOverride != null
                                ? accountsUrlOverride
                                : ZohoDataCentre.fromCode(connection.dataCentre()).accountsUrl();
        final String form = "grant_type=refresh_token&client_id=" + encode(connection.clientId())
                            + "&client_secret=" + encode(secrets.clientSecret())
                            + "&refresh_token=" + encode(secrets.refreshToken());
        final AggregatedHttpResponse response = send(
                RequestHeaders.builder(HttpMethod.POST, accounts + "/oauth/v2/token")
                              .contentType(MediaType.FORM_DATA).build(), form, "Zoho accounts");
        final int status = response.status().code();
        if (status == 429) {
            throw new Failed(retryLater("Zoho accounts is rate limiting token refreshes (429)", response));
        }
        if (status >= 500) {
            throw new Failed(JobFailure.retry("Zoho accounts answered " + status + '.', null));
        }
        final JsonNode json = parse(response);
        if (json.hasNonNull("error") || status >= 400) {
            throw new Failed(JobFailure.permanent("Zoho refused the connection's credentials ("
                                                  + json.path("error").asText(String.valueOf(status))
                                                  + "); reconnect the CRM."));
        }
        final String accessToken = json.path("access_token").asText();
        final String apiDomain = json.path("api_domain").asText();
        if (accessToken.isEmpty() || apiDomain.isEmpty()) {
            throw new Failed(JobFailure.retry("Zoho accounts answered without access_token or api_domain.",
                                              null));
        }
        final Duration lifetime = Duration.ofSeconds(json.path("expires_in").asLong(3600));
        final Instant refreshAfter = Instant.now().plus(lifetime).minus(
                lifetime.compareTo(EXPIRY_MARGIN.multipliedBy(2)) > 0 ? EXPIRY_MARGIN : lifetime.dividedBy(2));
        final AccessToken fresh = new AccessToken(accessToken, stripSlash(apiDomain), refreshAfter,
                                                  connection.createdAt(), connection.version());
        tokens.put(connection.tenantId(), fresh);
        return fresh;
    }

    private AggregatedHttpResponse send(RequestHeaders headers, String body, String peer) {
        try {
            return http.execute(headers, body);
        } catch (RuntimeException e) {
            // Armeria reports unreachable peers and timeouts as unchecked exceptions: an outage, retried.
            throw new Failed(JobFailure.retry(peer + " is unreachable: " + e, e));
        }
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
