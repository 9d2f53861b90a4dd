package dev.tradeloom.enquiry.domain;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.jdbi.v3.core.Handle;
import org.jspecify.annotations.Nullable;

import dev.tradeloom.enquiry.store.CrmConnectionDao;
import dev.tradeloom.enquiry.store.CrmConnectionRow;
import dev.tradeloom.platform.crypto.SecretBox;
import dev.tradeloom.platform.db.Transactor;
import dev.tradeloom.platform.error.FailedPreconditionException;
import dev.tradeloom.platform.error.NotFoundException;
import dev.tradeloom.platform.queue.JobQueue;

/** Tenants' Zoho CRM connections, with their secrets sealed at rest. */
public final class ZohoConnections {
    /** The lead field that holds the enquiry id when the tenant names none. */
    public static final String DEFAULT_EXTERNAL_ID_FIELD = "Tradeloom_Enquiry_Id";

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
     * Stores or replaces the tenant's connection. Pushes waiting out a refusal of the one it replaces go
     * at once, with the new credentials.
     */
    public CrmConnectionRow connect(UUID tenantId, String clientId, ZohoSecrets secrets,
                                    ZohoDataCentre dataCentre, String externalIdField) {
        final SecretBox sealer = requireBox();
        final String field = externalIdField.isEmpty() ? DEFAULT_EXTERNAL_ID_FIELD : externalIdField;
        final byte[] sealed = sealer.seal(secrets.toJson(), tenantId.toString());
        final Instant now = Instant.now();
        return tx.inTenant(tenantId, h -> {
            final CrmConnectionDao dao = h.attach(CrmConnectionDao.class);
            dao.upsert(new CrmConnectionRow(tenantId, clientId.trim(), dataCentre.code(), field, sealed, 0, now,
                                            now));
            CrmOutbox.resume(h, queue, tenantId);
            return dao.find(tenantId).orElseThrow();
        });
    }

    public CrmConnectionRow get(UUID tenantId) {
        return tx.inTenant(tenantId, h -> h.attach(CrmConnectionDao.class).find(tenantId))
                 .orElseThrow(() -> notConnected(tenantId));
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

    /** The secrets of {@code connection}. */
    public ZohoSecrets open(CrmConnectionRow connection) {
        final String json = requireBox().open(connection.sealedSecrets(), connection.tenantId().toString());
        return ZohoSecrets.fromJson(json);
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
