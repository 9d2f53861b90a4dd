package dev.tradeloom.catalog.store;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jspecify.annotations.Nullable;

/** A tenant's tags. */
public interface TagDao {
    String COLUMNS = "t.tenant_id, t.id, t.name, t.description, t.version, t.created_at, t.updated_at";

    @SqlUpdate("""
            insert into tags (tenant_id, id, name, description, create_request_id)
            values (:t.tenantId, :t.id, :t.name, :t.description, :requestId)""")
    void insert(@BindMethods("t") TagRow tag, @Bind("requestId") @Nullable UUID requestId);

    @SqlQuery("select " + COLUMNS + " from tags t where t.tenant_id = :tenantId and t.id = :id")
    Optional<TagRow> find(@Bind("tenantId") UUID tenantId, @Bind("id") UUID id);

    /**
     * As {@link #find}, locking the row until the transaction ends: products cannot be given the tag
     * meanwhile (their reference waits for the lock).
     */
    @SqlQuery("select " + COLUMNS + " from tags t where t.tenant_id = :tenantId and t.id = :id for update")
    Optional<TagRow> lock(@Bind("tenantId") UUID tenantId, @Bind("id") UUID id);

    @SqlQuery("select t.id from tags t where t.tenant_id = :tenantId and t.create_request_id = :requestId")
    Optional<UUID> findCreated(@Bind("tenantId") UUID tenantId, @Bind("requestId") UUID requestId);

    @SqlQuery("select " + COLUMNS + """
             from tags t
            where t.tenant_id = :tenantId and (cast(:afterId as uuid) is null or t.id > :afterId)
            order by t.id
            limit :limit""")
    List<TagRow> list(@Bind("tenantId") UUID tenantId, @Bind("afterId") @Nullable UUID afterId,
                      @Bind("limit") int limit);

    @SqlUpdate("""
            update tags set name = :t.name, description = :t.description, version = version + 1, updated_at = now()
            where tenant_id = :t.tenantId and id = :t.id and version = :expectedVersion""")
    boolean update(@BindMethods("t") TagRow tag, @Bind("expectedVersion") long expectedVersion);

    /** Deletes the row when it is still at {@code version}; any version when that is null. */
    @SqlUpdate("""
            delete from tags where tenant_id = :tenantId and id = :id
               and (cast(:version as bigint) is null or version = :version)""")
    boolean delete(@Bind("tenantId") UUID tenantId, @Bind("id") UUID id, @Bind("version") @Nullable Long version);
}
