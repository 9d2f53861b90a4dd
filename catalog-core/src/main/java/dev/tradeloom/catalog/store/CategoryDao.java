package dev.tradeloom.catalog.store;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jspecify.annotations.Nullable;

/** A tenant's category tree. */
public interface CategoryDao {
    String COLUMNS = """
            c.tenant_id, c.id, c.parent_id, c.name, c.description, c.taxonomy_id, c.version, c.created_at,
            c.updated_at""";

    @SqlUpdate("""
            insert into categories (tenant_id, id, parent_id, name, description, taxonomy_id, create_request_id)
            values (:c.tenantId, :c.id, :c.parentId, :c.name, :c.description, :c.taxonomyId, :requestId)""")
    void insert(@BindMethods("c") CategoryRow category, @Bind("requestId") @Nullable UUID requestId);

    @SqlQuery("select " + COLUMNS + " from categories c where c.tenant_id = :tenantId and c.id = :id")
    Optional<CategoryRow> find(@Bind("tenantId") UUID tenantId, @Bind("id") UUID id);

    /**
     * As {@link #find}, locking the row until the transaction ends: products cannot be put in the
     * category meanwhile (their reference waits for the lock).
     */
    @SqlQuery("select " + COLUMNS
              + " from categories c where c.tenant_id = :tenantId and c.id = :id for update")
    Optional<CategoryRow> lock(@Bind("tenantId") UUID tenantId, @Bind("id") UUID id);

    @SqlQuery("select c.id from categories c where c.tenant_id = :tenantId and c.create_request_id = :requestId")
    Optional<UUID> findCreated(@Bind("tenantId") UUID tenantId, @Bind("requestId") UUID requestId);

    /** The tenant's categories after {@code afterId} by id, only the children of {@code parentId} when set. */
    @SqlQuery("select " + COLUMNS + """
             from categories c
            where c.tenant_id = :tenantId
              and (cast(:parentId as uuid) is null or c.parent_id = :parentId)
              and (cast(:afterId as uuid) is null or c.id > :afterId)
            order by c.id
            limit :limit""")
    List<CategoryRow> list(@Bind("tenantId") UUID tenantId, @Bind("parentId") @Nullable UUID parentId,
                           @Bind("afterId") @Nullable UUID afterId, @Bind("limit") int limit);

    @SqlQuery("select exists (select 1 from categories c where c.tenant_id = :tenantId and c.parent_id = :id)")
    boolean hasChildren(@Bind("tenantId") UUID tenantId, @Bind("id") UUID id);

    @SqlUpdate("""
            update categories
            set parent_id = :c.parentId, name = :c.name, description = :c.description, taxonomy_id = :c.taxonomyId,
                version = version + 1, updated_at = now()
            where tenant_id = :c.tenantId and id = :c.id and version = :expectedVersion""")
    boolean update(@BindMethods("c") CategoryRow category, @Bind("expectedVersion") long expectedVersion);

    /** Deletes the row when it is still at {@code version}; any version when that is null. */
    @SqlUpdate("""
            delete from categories where tenant_id = :tenantId and id = :id
               and (cast(:version as bigint) is null or version = :version)""")
    boolean delete(@Bind("tenantId") UUID tenantId, @Bind("id") UUID id, @Bind("version") @Nullable Long version);
}
