package dev.tradeloom.enquiry.domain;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tradeloom.enquiry.store.CrmConnectionDao;
import dev.tradeloom.enquiry.store.CrmConnectionRow;
import dev.tradeloom.platform.crypto.SecretBox;
import dev.tradeloom.platform.db.Transactor;

/**
 * Seals the client id and data centre of the Zoho connections an earlier version stored in plaintext
 * (migration V8) with their secrets, and clears the plaintext. It runs at every start, before enquiry-core
 * serves: after the first, it finds nothing. Each connection is resealed in its own transaction, acting for
 * its tenant, and only if the configured key opens its sealed secrets, so nothing is ever sealed under a key
 * other than the one in use.
 */
public final class ZohoCredentialSealer {
    private static final Logger logger = LoggerFactory.getLogger(ZohoCredentialSealer.class);

    private final Transactor tx;
    private final @Nullable SecretBox box;

    /** {@code box}: the key CRM secrets are sealed with; null when CRM connections are disabled. */
    public ZohoCredentialSealer(Transactor tx, @Nullable SecretBox box) {
        this.tx = requireNonNull(tx, "tx");
        this.box = box;
    }

    /**
     * Reseals every connection that holds plaintext and that the key opens; returns how many. A connection
     * the key does not open keeps its plaintext (its owner connecting again replaces it), with a warning.
     *
     * @throws IllegalStateException naming {@link CrmSettings#SECRET_KEY} when there are connections holding
     *                               plaintext and the key opens none of them: most likely the wrong key
     */
    public int sealAll() {
        if (box == null) {
            // Nothing can be opened or sealed; the connections cannot push either until the key is set.
            return 0;
        }
        final List<UUID> tenants = tx.inSystem(h -> h.attach(CrmConnectionDao.class).tenantsWithPlaintext());
        int sealed = 0;
        int unopened = 0;
        for (UUID tenantId : tenants) {
            final Boolean done = tx.inTenant(tenantId, h -> reseal(h.attach(CrmConnectionDao.class), tenantId));
            if (done == null) {
                continue;
            }
            if (done) {
                sealed++;
            } else {
                unopened++;
            }
        }
        if (sealed == 0 && unopened > 0) {
            throw new IllegalStateException(
                    CrmSettings.SECRET_KEY + " does not open any of the " + unopened + " stored Zoho CRM "
                    + "connections waiting to be sealed: is it the key enquiry-core ran with before?");
        }
        if (unopened > 0) {
            logger.warn("{} does not open {} stored Zoho CRM connections (sealed under an earlier key); they "
                        + "keep their client id and data centre in plaintext until their owners connect the "
                        + "CRM again", CrmSettings.SECRET_KEY, unopened);
        }
        if (sealed > 0) {
            logger.info("Sealed the client id and data centre of {} Zoho CRM connections under {}", sealed,
                        CrmSettings.SECRET_KEY);
        }
        return sealed;
    }

    /**
     * Reseals the tenant's connection: true if sealed, false if the key does not open it, null if it no longer
     * holds plaintext (resealed or replaced meanwhile).
     */
    private @Nullable Boolean reseal(CrmConnectionDao dao, UUID tenantId) {
        final SecretBox sealer = requireNonNull(box, "box");
        final CrmConnectionRow row = dao.lockWithPlaintext(tenantId).orElse(null);
        if (row == null) {
            return null;
        }
        final ZohoCredentials credentials;
        try {
            credentials = ZohoCredentials.fromJson(sealer.open(row.sealedSecrets(), tenantId.toString()),
                                                   row.clientIdPlaintext(), row.dataCentrePlaintext());
        } catch (IllegalStateException e) {
            return false;
        }
        dao.reseal(tenantId, sealer.seal(credentials.toJson(), tenantId.toString()));
        return true;
    }
}
