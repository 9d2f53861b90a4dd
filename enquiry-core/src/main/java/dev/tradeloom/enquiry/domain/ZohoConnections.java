package dev.tradeloom.enquiry.domain;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.jdbi.v3.core.Handle;
import org.jspecify.annotations.Nullable;

import dev.tradeloom.enquiry.store.CrmConnectionDao;
import dev.tradeloom.enquiry.store.CrmConnectionRow;
import dev.tradeloom.platform.crypto.SecretBox;
import dev.tradeloom.platform.db.Transactor;
import dev.tradeloom.platform.error.FailedPreconditionException;
import dev.tradeloom.platform.error.FieldViolation;
import dev.tradeloom.platform.error.InvalidArgumentException;
import dev.tradeloom.platform.error.NotFoundException;
import dev.tradeloom.platform.queue.JobQueue;

/** Tenants' Zoho CRM connections, with every credential sealed at rest. */
public final class ZohoConnections {
    /** The lead field that holds the enquiry id when the tenant names none. */
    public static final String DEFAULT_EXTERNAL_ID_FIELD = "Tradeloom_Enquiry_Id";
    private static final String BLANK = "is blank (expected: the value Zoho's API console shows)";
    /**
     * The lead fields a push fills from the enquiry ({@code upstream.ZohoLeads}): named as the external-id
     * field, one would be overwritten by the enquiry id in every lead, and the leads matched on it.
     */
    private static final Set<String> FILLED_LEAD_FIELDS = Set.of(
            "last_name", "first_name", "company", "email", "phone", "lead_source", "description");

    private final Transactor tx;
    private final JobQueue queue;
    private final @Nullable SecretBox box;

    /** {@code queue}: the one that carries the tenant's CRM pushes ({@link CrmOutbox#QUEUE}). */
    public ZohoConnections(Transactor tx, JobQueue queue, @Nullable SecretBox box) {
        this.tx = requireNonNull(tx, "tx");
        this.queue = requireNonNull(queue, "queue");
        this.box = box;
    }

    /**
     * Stores or replaces the tenant's connection, every credential sealed. Pushes waiting out a refusal of the
     * one it replaces go at once, with the new credentials, and so do, queued again, those that failed for good
     * because Zoho refused the credentials or because the tenant had disconnected
     * ({@link CrmOutbox#retryMendedByReconnect}); those Zoho refused for their data stay failed. Enquiries sent
     * while the tenant had no connection were never queued, and are not now.
     */
    public ZohoConnection connect(UUID tenantId, ZohoCredentials credentials, String externalIdField) {
        final SecretBox sealer = requireBox();
        final String field = externalIdField.isEmpty() ? DEFAULT_EXTERNAL_ID_FIELD : externalIdField;
        if (FILLED_LEAD_FIELDS.contains(field.toLowerCase(Locale.ROOT))) {
            throw InvalidArgumentException.of(
                    "external_id_field", "'" + field + "' is a lead field the push fills from the enquiry "
                                         + "(expected: the API name of a unique custom field, or empty for "
                                         + DEFAULT_EXTERNAL_ID_FIELD + ')');
        }
        // Zoho's client ids, secrets and refresh tokens hold no whitespace: what surrounds one was copied
        // with it (a line break, most often), and Zoho would refuse the credentials at every push.
        final ZohoCredentials trimmed = new ZohoCredentials(
                credentials.clientId().trim(), credentials.dataCentre(), credentials.clientSecret().trim(),
                credentials.refreshToken().trim());
        final List<FieldViolation> blank = new ArrayList<>();
        if (trimmed.clientId().isEmpty()) {
            blank.add(new FieldViolation("client_id", BLANK));
        }
        if (trimmed.clientSecret().isEmpty()) {
            blank.add(new FieldViolation("client_secret", BLANK));
        }
        if (trimmed.refreshToken().isEmpty()) {
            blank.add(new FieldViolation("refresh_token", BLANK));
        }
        if (!blank.isEmpty()) {
            throw new InvalidArgumentException(blank);
        }
        final byte[] sealed = sealer.seal(trimmed.toJson(), tenantId.toString());
        final CrmConnectionRow stored = tx.inTenant(tenantId, h -> {
            final CrmConnectionDao dao = h.attach(CrmConnectionDao.class);
            // Before anything else: a push finding the tenant unconnected records it under this lock, so the
            // record is seen below, or the push sees this connection (CrmOutbox.recordDisconnected).
            dao.lockConnecting(tenantId);
            dao.upsert(tenantId, field, sealed);
            CrmOutbox.retryMendedByReconnect(h, queue, tenantId);
            CrmOutbox.resume(h, queue, tenantId);
            return dao.find(tenantId).orElseThrow();
        });
        return ZohoConnection.of(stored, trimmed);
    }

    /**
     * The tenant's connection, as its owner may see it: client id and data centre, never the secrets.
     *
     * @throws FailedPreconditionException when the key does not open a connection sealed under another key
     */
    public ZohoConnection get(UUID tenantId) {
        final CrmConnectionRow row = tx.inTenant(tenantId, h -> h.attach(CrmConnectionDao.class).find(tenantId))
                                       .orElseThrow(() -> notConnected(tenantId));
        final String clientId = row.clientIdPlaintext();
        final String dataCentre = row.dataCentrePlaintext();
        if (clientId != null && dataCentre != null) {
            // Not resealed yet (its key was not the one configured): shown without opening it.
            return new ZohoConnection(row.tenantId(), clientId, ZohoDataCentre.fromCode(dataCentre),
                                      row.externalIdField(), row.createdAt(), row.updatedAt());
        }
        final ZohoCredentials credentials;
        try {
            credentials = open(row);
        } catch (IllegalStateException e) {
            throw new FailedPreconditionException(
                    "CRM_CREDENTIALS_UNOPENABLE", "The stored Zoho CRM connection of tenant " + tenantId
                                                  + " was sealed under another " + CrmSettings.SECRET_KEY
                                                  + "; connect the CRM again.");
        }
        return ZohoConnection.of(row, credentials);
    }

    public void disconnect(UUID tenantId) {
        if (!tx.inTenant(tenantId, h -> h.attach(CrmConnectionDao.class).delete(tenantId))) {
            throw notConnected(tenantId);
        }
    }

    /** The connection of the tenant {@code handle} acts for, if any. */
    public static Optional<CrmConnectionRow> find(Handle handle, UUID tenantId) {
        return handle.attach(CrmConnectionDao.class).find(tenantId);
    }

    /**
     * The credentials of {@code connection}: all sealed, or, for a connection an earlier version stored and
     * not yet resealed, the client id and data centre from its plaintext columns.
     *
     * @throws IllegalStateException when the configured key does not open them, or they are unreadable
     */
    public ZohoCredentials open(CrmConnectionRow connection) {
        final String json = requireBox().open(connection.sealedSecrets(), connection.tenantId().toString());
        return ZohoCredentials.fromJson(json, connection.clientIdPlaintext(), connection.dataCentrePlaintext());
    }

    private SecretBox requireBox() {
        if (box == null) {
            throw new FailedPreconditionException("CRM_DISABLED", "CRM connections are disabled on this server "
                                                                  + "(set CRM_SECRET_KEY to enable them).");
        }
        return box;
    }

    private static NotFoundException notConnected(UUID tenantId) {
        return new NotFoundException("CRM_NOT_CONNECTED",
                                     "Tenant " + tenantId + " has no Zoho CRM connection.");
    }
}
