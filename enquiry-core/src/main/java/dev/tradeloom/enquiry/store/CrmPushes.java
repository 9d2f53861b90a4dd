package dev.tradeloom.enquiry.store;

import static java.util.Objects.requireNonNull;

import java.util.UUID;

import org.jdbi.v3.core.Handle;

import dev.tradeloom.platform.db.RoundTrip;

/**
 * The statements of a CRM push job: its enquiry, and the tenant's push lease, which lets one push per
 * tenant run at a time. Plain statements rather than DAOs, as {@link EnquiryIntake}'s are: every push job
 * runs some of them, most only to find its enquiry carried by another push or the lease held, and
 * attaching {@link EnquiryDao} and {@link CrmConnectionDao} for that was most of such a job's CPU time in
 * the enquiry benchmark's profile.
 */
public final class CrmPushes {
    private static final String ENQUIRY = "select " + EnquiryDao.COLUMNS
                                          + " from enquiries where tenant_id = :enquiryTenant and id = :enquiryId";

    /**
     * Takes the lease unless another holder's has not run out or another transaction is taking or giving it
     * back (skipped rather than waited for); see {@link #takeLease}.
     */
    private static final String TAKE_LEASE = """
            with free as (select tenant_id from crm_connections
                           where tenant_id = :leaseTenant and (push_until is null or push_until < now())
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
             where tenant_id = :leaseTenant and not exists (select 1 from taken)""";

    private static final String HOLD_LEASE = """
            update crm_connections
               set push_until = now() + make_interval(secs => :seconds),
                   push_retry_at = now() + make_interval(secs => :seconds)
             where tenant_id = :tenantId and push_holder = :holder""";

    private static final String RELEASE_LEASE = """
            update crm_connections set push_holder = null, push_until = null, push_retry_at = null
             where tenant_id = :tenantId and push_holder = :holder""";

    private static final String END_HOLD = """
            update crm_connections set push_holder = null, push_until = null, push_retry_at = null
             where tenant_id = :tenantId and push_retry_at is not null""";

    private CrmPushes() {}

    /** Adds to {@code trip} the read of the enquiry a push is for; no row when it is gone. */
    public static RoundTrip.Part<EnquiryRow> enquiry(RoundTrip trip, UUID tenantId, UUID enquiryId) {
        requireNonNull(trip, "trip");
        return trip.query(ENQUIRY, q -> q.bind("enquiryTenant", requireNonNull(tenantId, "tenantId"))
                                         .bind("enquiryId", requireNonNull(enquiryId, "enquiryId")),
                          EnquiryRow.class);
    }

    /**
     * Adds to {@code trip} the taking of the tenant's push lease for {@code holder}, for {@code seconds}:
     * no row if the tenant is not connected; else the connection, whether the lease was taken and, if not,
     * how long its holder keeps it waiting out a refusal.
     */
    public static RoundTrip.Part<PushLeaseRow> takeLease(RoundTrip trip, UUID tenantId, UUID holder,
                                                         double seconds) {
        requireNonNull(trip, "trip");
        return trip.query(TAKE_LEASE, q -> q.bind("leaseTenant", requireNonNull(tenantId, "tenantId"))
                                            .bind("holder", requireNonNull(holder, "holder"))
                                            .bind("seconds", seconds),
                          PushLeaseRow.class);
    }

    /**
     * Keeps {@code holder}'s push lease for {@code seconds} from now, if it still holds it, while it waits
     * to retry a push the CRM refused: the tenant's other pushes wait that long too.
     */
    public static void holdLease(Handle handle, UUID tenantId, UUID holder, double seconds) {
        handle.createUpdate(HOLD_LEASE).bind("tenantId", requireNonNull(tenantId, "tenantId"))
              .bind("holder", requireNonNull(holder, "holder")).bind("seconds", seconds).execute();
    }

    /** Gives back {@code holder}'s push lease, if it still holds it. */
    public static void releaseLease(Handle handle, UUID tenantId, UUID holder) {
        handle.createUpdate(RELEASE_LEASE).bind("tenantId", requireNonNull(tenantId, "tenantId"))
              .bind("holder", requireNonNull(holder, "holder")).execute();
    }

    /**
     * Ends the hold a push waiting out a refusal keeps on the tenant's pushes ({@link #holdLease}); a push
     * that is running keeps its lease. True if there was a hold.
     */
    public static boolean endHold(Handle handle, UUID tenantId) {
        return handle.createUpdate(END_HOLD).bind("tenantId", requireNonNull(tenantId, "tenantId"))
                     .execute() > 0;
    }
}
