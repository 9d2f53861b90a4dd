package dev.tradeloom.tenant.store;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jspecify.annotations.Nullable;

/** Contact persons of the acting tenant. */
public interface ContactDao {
    String COLUMNS = "id, tenant_id, name, designation, email, phone, whatsapp, version, created_at, updated_at";

    @SqlUpdate("""
            insert into contacts (id, tenant_id, name, designation, email, phone, whatsapp)
            values (:c.id, :c.tenantId, :c.name, :c.designation, :c.email, :c.phone, :c.whatsapp)""")
    void insert(@BindMethods("c") ContactRow contact);

    @SqlQuery("select " + COLUMNS + " from contacts where tenant_id = :tenantId and id = :id")
    Optional<ContactRow> find(@Bind("tenantId") UUID tenantId, @Bind("id") UUID id);

    @SqlQuery("select " + COLUMNS + """
             from contacts
            where tenant_id = :tenantId
              and (cast(:afterName as text) is null or (lower(name), id) > (lower(:afterName), :afterId))
            order by lower(name), id
            limit :limit""")
    List<ContactRow> list(@Bind("tenantId") UUID tenantId, @Bind("afterName") @Nullable String afterName,
                          @Bind("afterId") @Nullable UUID afterId, @Bind("limit") int limit);

    @SqlUpdate("""
            update contacts set name = :c.name, designation = :c.designation, email = :c.email,
                                phone = :c.phone, whatsapp = :c.whatsapp, version = version + 1, updated_at = now()
            where tenant_id = :c.tenantId and id = :c.id and version = :expectedVersion""")
    boolean update(@BindMethods("c") ContactRow contact, @Bind("expectedVersion") long expectedVersion);

    @SqlUpdate("delete from contacts where tenant_id = :tenantId and id = :id")
    boolean delete(@Bind("tenantId") UUID tenantId, @Bind("id") UUID id);
}
