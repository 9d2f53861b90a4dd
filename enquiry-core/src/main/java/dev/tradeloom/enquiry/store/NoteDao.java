package dev.tradeloom.enquiry.store;

import java.util.List;
import java.util.UUID;

import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jspecify.annotations.Nullable;

/** Internal notes on the acting tenant's enquiries. */
public interface NoteDao {
    String COLUMNS = "tenant_id, id, enquiry_id, author_user_id, body, created_at";

    @SqlUpdate("""
            insert into enquiry_notes (tenant_id, id, enquiry_id, author_user_id, body)
            values (:n.tenantId, :n.id, :n.enquiryId, :n.authorUserId, :n.body)""")
    void insert(@BindMethods("n") NoteRow note);

    @SqlQuery("select " + COLUMNS + " from enquiry_notes where tenant_id = :tenantId and id = :id")
    NoteRow get(@Bind("tenantId") UUID tenantId, @Bind("id") UUID id);

    /** Notes of one enquiry, oldest first, after {@code afterId} when given. */
    @SqlQuery("select " + COLUMNS + """
             from enquiry_notes
            where tenant_id = :tenantId and enquiry_id = :enquiryId
              and (cast(:afterId as uuid) is null or id > :afterId)
            order by id
            limit :limit""")
    List<NoteRow> list(@Bind("tenantId") UUID tenantId, @Bind("enquiryId") UUID enquiryId,
                       @Bind("afterId") @Nullable UUID afterId, @Bind("limit") int limit);
}
