package dev.tradeloom.catalog.store;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jspecify.annotations.Nullable;

/** A tenant's attribute definitions. */
public interface AttributeDao {
    String COLUMNS = """
            a.tenant_id, a.id, a.key, a.name, a.description, a.kind, a.allowed_values, a.version, a.created_at,
            a.updated_at""";

    @SqlUpdate("""
            insert into attributes (tenant_id, id, key, name, description, kind, allowed_values, create_request_id)
            values (:a.tenantId, :a.id, :a.key, :a.name, :a.description, :a.kind, :allowed, :requestId)""")
    void insert(@BindMethods("a") AttributeRow attribute, @Bind("allowed") String[] allowedValues,
                @Bind("requestId") @Nullable UUID requestId);

    @SqlQuery("select " + COLUMNS + " from attributes a where a.tenant_id = :tenantId and a.id = :id")
    Optional<AttributeRow> find(@Bind("tenantId") UUID tenantId, @Bind("id") UUID id);

    @SqlQuery("select a.id from attributes a where a.tenant_id = :tenantId and a.create_request_id = :requestId")
    Optional<UUID> findCreated(@Bind("tenantId") UUID tenantId, @Bind("requestId") UUID requestId);

    /**
     * Every definition of the tenant whose key is in {@code keys}, locked against change until the
     * transaction ends: a product saved with values they allow commits before a narrower definition
     * removes values, or reads that definition.
     */
    @SqlQuery("select " + COLUMNS + " from attributes a where a.tenant_id = :tenantId and a.key = any(:keys)"
              + " for share")
    List<AttributeRow> findByKeys(@Bind("tenantId") UUID tenantId, @Bind("keys") String[] keys);

    @SqlQuery("select " + COLUMNS + """
             from attributes a
            where a.tenant_id = :tenantId and (cast(:afterId as uuid) is null or a.id > :afterId)
            order by a.id
            limit :limit""")
    List<AttributeRow> list(@Bind("tenantId") UUID tenantId, @Bind("afterId") @Nullable UUID afterId,
                            @Bind("limit") int limit);

    @SqlUpdate("""
            update attributes
            set key = :a.key, name = :a.name, description = :a.description, kind = :a.kind,
                allowed_values = :allowed, version = version + 1, updated_at = now()
            where tenant_id = :a.tenantId and id = :a.id and version = :expectedVersion""")
    boolean update(@BindMethods("a") AttributeRow attribute, @Bind("allowed") String[] allowedValues,
                   @Bind("expectedVersion") long expectedVersion);

    /** Deletes the row when it is still at {@code version}; any version when that is null. */
    @SqlUpdate("""
            delete from attributes where tenant_id = :tenantId and id = :id
               and (cast(:version as bigint) is null or version = :version)""")
    boolean delete(@Bind("tenantId") UUID tenantId, @Bind("id") UUID id, @Bind("version") @Nullable Long version);
}
