package dev.tradeloom.enquiry.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jspecify.annotations.Nullable;

/**
 * Enquiries. The acting tenant sees its own; a buyer acting as a user sees what they sent. New enquiries
 * go in through {@link EnquiryIntake}.
 */
public interface EnquiryDao {
    String COLUMNS = """
            tenant_id, id, request_id, buyer_user_id, supplier_name, product_id, product_name, quantity,
            quantity_unit, message, contact_name, contact_email, contact_phone, contact_company, status,
            assignee_user_id, crm_lead_id, version, created_at, updated_at""";

    @SqlQuery("select " + COLUMNS + " from enquiries where tenant_id = :tenantId and id = :id")
    Optional<EnquiryRow> find(@Bind("tenantId") UUID tenantId, @Bind("id") UUID id);

    /** Those of {@code ids} that have no CRM lead yet, oldest first. */
    @SqlQuery("select " + COLUMNS + """
             from enquiries
            where tenant_id = :tenantId and id = any(:ids) and crm_lead_id is null
            order by created_at, id""")
    List<EnquiryRow> withoutLead(@Bind("tenantId") UUID tenantId, @Bind("ids") UUID[] ids);

    @SqlQuery("select " + COLUMNS + " from enquiries where tenant_id = :tenantId and request_id = :requestId")
    Optional<EnquiryRow> findByRequest(@Bind("tenantId") UUID tenantId, @Bind("requestId") UUID requestId);

    /** The tenant's inbox, newest first, after {@code afterId} when given; null filters match all. */
    @SqlQuery("select " + COLUMNS + """
             from enquiries
            where tenant_id = :tenantId
              and (cast(:status as text) is null or status = :status)
              and (cast(:assignee as uuid) is null or assignee_user_id = :assignee)
              and (cast(:product as uuid) is null or product_id = :product)
              and (cast(:createdAfter as timestamptz) is null or created_at >= :createdAfter)
              and (cast(:createdBefore as timestamptz) is null or created_at < :createdBefore)
              and (cast(:afterId as uuid) is null or id < :afterId)
            order by id desc
            limit :limit""")
    List<EnquiryRow> inbox(@Bind("tenantId") UUID tenantId, @Bind("status") @Nullable String status,
                           @Bind("assignee") @Nullable UUID assignee, @Bind("product") @Nullable UUID product,
                           @Bind("createdAfter") @Nullable Instant createdAfter,
                           @Bind("createdBefore") @Nullable Instant createdBefore,
                           @Bind("afterId") @Nullable UUID afterId, @Bind("limit") int limit);

    /** What {@code buyer} sent, newest first. */
    @SqlQuery("select " + COLUMNS + """
             from enquiries
            where buyer_user_id = :buyer
              and (cast(:afterId as uuid) is null or id < :afterId)
            order by id desc
            limit :limit""")
    List<EnquiryRow> sentBy(@Bind("buyer") UUID buyer, @Bind("afterId") @Nullable UUID afterId,
                            @Bind("limit") int limit);

    @SqlUpdate("""
            update enquiries set status = :status, version = version + 1, updated_at = now()
            where tenant_id = :tenantId and id = :id and version = :expectedVersion""")
    boolean updateStatus(@Bind("tenantId") UUID tenantId, @Bind("id") UUID id, @Bind("status") String status,
                         @Bind("expectedVersion") long expectedVersion);

    @SqlUpdate("""
            update enquiries set assignee_user_id = :assignee, version = version + 1, updated_at = now()
            where tenant_id = :tenantId and id = :id and version = :expectedVersion""")
    boolean assign(@Bind("tenantId") UUID tenantId, @Bind("id") UUID id,
                   @Bind("assignee") @Nullable UUID assignee, @Bind("expectedVersion") long expectedVersion);

    /**
     * Records the lead ids the tenant's CRM gave the enquiries, {@code leadIds[i]} to {@code ids[i]}: one
     * statement for a push's whole batch (up to a hundred), where one per enquiry was most of the push's
     * time in the database. A lead id is part of the supplier's view, so storing a new one is a new version
     * of the enquiry (its etag changes, as AIP-154 asks).
     */
    @SqlUpdate("""
            update enquiries
               set crm_lead_id = lead.id, crm_push_failure = null, updated_at = now(),
                   version = enquiries.version
                             + case when enquiries.crm_lead_id is distinct from lead.id then 1 else 0 end
              from unnest(:ids, :leadIds) as lead (enquiry_id, id)
             where enquiries.tenant_id = :tenantId and enquiries.id = lead.enquiry_id""")
    int setCrmLeadIds(@Bind("tenantId") UUID tenantId, @Bind("ids") UUID[] ids, @Bind("leadIds") String[] leadIds);

    /**
     * Records why the enquiry's CRM push failed for good: {@code credentials} or {@code disconnected} (a
     * reconnect mends it) or {@code data} (it does not). Delivery state, not an edit: the version stays.
     */
    @SqlUpdate("update enquiries set crm_push_failure = :kind where tenant_id = :tenantId and id = :id")
    void setCrmPushFailure(@Bind("tenantId") UUID tenantId, @Bind("id") UUID id, @Bind("kind") String kind);

    /** Forgets why the CRM pushes of these enquiries of the tenant failed: they are queued again. */
    @SqlUpdate("update enquiries set crm_push_failure = null where tenant_id = :tenantId and id = any(:ids)")
    void clearCrmPushFailure(@Bind("tenantId") UUID tenantId, @Bind("ids") UUID[] ids);

    /**
     * The tenant's enquiries whose CRM push failed for good in a way connecting the CRM again mends: Zoho
     * refused the credentials, or the tenant had no connection.
     */
    @SqlQuery("""
            select id from enquiries
             where tenant_id = :tenantId and crm_push_failure in ('credentials', 'disconnected')""")
    List<UUID> withCrmPushMendedByReconnect(@Bind("tenantId") UUID tenantId);
}
