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
     * Takes the tenant's push lease for {@code holder}, unless another holder's has not run out or another
     * transaction is taking or giving it back (skipped rather than waited for). Empty if the tenant is not
     * connected; else the connection, whether the lease was taken and, if not, how long its holder keeps
     * it waiting out a refusal.
     */
    @SqlQuery("""
            with free as (select tenant_id from crm_connections
                           where tenant_id = :tenantId and (push_until is null or push_until < now())
                             for update skip locked),
                 taken as (update crm_connections c
                              set push_holder = :holder, push_until = now() + make_interval(secs => :seconds),
                                  push_retry_at = null
                             from free where c.tenant_id = free.tenant_id
                           returning c.tenant_id, c.client_id_plaintext, c.data_centre_plaintext,
                                     c.external_id_field, c.sealed_secrets, c.version, c.created_at,
                                     c.updated_at)
            select true as taken, 0.0 as held_for_seconds, tenant_id, client_id_plaintext,
                   data_centre_plaintext, external_id_field, sealed_secrets, version, created_at, updated_at
              from taken
            union all
            select false, coalesce(greatest(extract(epoch from push_retry_at - now()), 0), 0), tenant_id,
                   client_id_plaintext, data_centre_plaintext, external_id_field, sealed_secrets, version,
                   created_at, updated_at
              from crm_connections
             where tenant_id = :tenantId and not exists (select 1 from taken)""")
    Optional<PushLeaseRow> takePushLease(@Bind("tenantId") UUID tenantId, @Bind("holder") UUID holder,
                                         @Bind("seconds") double seconds);

    /**
     * Keeps {@code holder}'s push lease for {@code seconds} from now, if it still holds it, while it waits
     * to retry a push the CRM refused: the tenant's other pushes wait that long too.
     */
    @SqlUpdate("""
            update crm_connections
               set push_until = now() + make_interval(secs => :seconds),
                   push_retry_at = now() + make_interval(secs => :seconds)
             where tenant_id = :tenantId and push_holder = :holder""")
    void holdPushLease(@Bind("tenantId") UUID tenantId, @Bind("holder") UUID holder,
                       @Bind("seconds") double seconds);

    /** Gives back {@code holder}'s push lease, if it still holds it. */
    @SqlUpdate("""
            update crm_connections set push_holder = null, push_until = null, push_retry_at = null
             where tenant_id = :tenantId and push_holder = :holder""")
    void releasePushLease(@Bind("tenantId") UUID tenantId, @Bind("holder") UUID holder);

    /**
     * Ends the hold a push waiting out a refusal keeps on the tenant's pushes ({@link #holdPushLease}); a
     * push that is running keeps its lease. True if there was a hold.
     */
    @SqlUpdate("""
            update crm_connections set push_holder = null, push_until = null, push_retry_at = null
             where tenant_id = :tenantId and push_retry_at is not null""")
    boolean endPushHold(@Bind("tenantId") UUID tenantId);

    @SqlUpdate("delete from crm_connections where tenant_id = :tenantId")
    boolean delete(@Bind("tenantId") UUID tenantId);
}
