package dev.tradeloom.enquiry.store;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The acting tenant's CRM connection. */
public interface CrmConnectionDao {
    @SqlQuery("""
            select tenant_id, client_id_plaintext, data_centre_plaintext, external_id_field, sealed_secrets,
                   version, created_at, updated_at
              from crm_connections where tenant_id = :tenantId""")
    Optional<CrmConnectionRow> find(@Bind("tenantId") UUID tenantId);

    /**
     * Stores the connection, every credential sealed in {@code sealedSecrets}, replacing an earlier one (a new
     * version: cached tokens are dropped) and any plaintext it held.
     */
    @SqlUpdate("""
            insert into crm_connections (tenant_id, client_id_plaintext, data_centre_plaintext,
                                         external_id_field, sealed_secrets)
            values (:tenantId, null, null, :externalIdField, :sealedSecrets)
            on conflict (tenant_id) do update
               set client_id_plaintext = null, data_centre_plaintext = null,
                   external_id_field = excluded.external_id_field, sealed_secrets = excluded.sealed_secrets,
                   version = crm_connections.version + 1, updated_at = now()""")
    void upsert(@Bind("tenantId") UUID tenantId, @Bind("externalIdField") String externalIdField,
                @Bind("sealedSecrets") byte[] sealedSecrets);

    /**
     * The tenants whose connection an earlier version stored with its client id and data centre in plaintext,
     * across row-level security (a {@code security definer} function that answers with tenant ids only).
     */
    @SqlQuery("select crm_connections_with_plaintext()")
    List<UUID> tenantsWithPlaintext();

    /** The acting tenant's connection, locked until the transaction ends, if it still holds plaintext. */
    @SqlQuery("""
            select tenant_id, client_id_plaintext, data_centre_plaintext, external_id_field, sealed_secrets,
                   version, created_at, updated_at
              from crm_connections
             where tenant_id = :tenantId
               and (client_id_plaintext is not null or data_centre_plaintext is not null)
               for update""")
    Optional<CrmConnectionRow> lockWithPlaintext(@Bind("tenantId") UUID tenantId);

    /**
     * Replaces the sealed value of a connection that held plaintext with one that seals every credential, and
     * clears the plaintext. The credentials are the same, so the version (and cached tokens) stay.
     */
    @SqlUpdate("""
            update crm_connections
               set sealed_secrets = :sealedSecrets, client_id_plaintext = null, data_centre_plaintext = null
             where tenant_id = :tenantId""")
    void reseal(@Bind("tenantId") UUID tenantId, @Bind("sealedSecrets") byte[] sealedSecrets);

    /**
     * Serialises, until the transaction ends, the tenant's connecting with a push's finding that it has no
     * connection: there is no row to lock while it has none.
     */
    @SqlQuery("""
            select pg_advisory_xact_lock(hashtextextended('enquiry.crm_connections ' || cast(:tenantId as text),
                                                          0))::text""")
    String lockConnecting(@Bind("tenantId") UUID tenantId);

    @SqlUpdate("delete from crm_connections where tenant_id = :tenantId")
    boolean delete(@Bind("tenantId") UUID tenantId);
}
