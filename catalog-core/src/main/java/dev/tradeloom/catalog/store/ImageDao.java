package dev.tradeloom.catalog.store;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** A tenant's uploaded images. */
public interface ImageDao {
    String COLUMNS = "i.tenant_id, i.id, i.key, i.content_type, i.size_bytes, i.created_at, i.updated_at";

    /** Records an image; a key recorded before is left as it was. */
    @SqlUpdate("""
            insert into images (tenant_id, id, key, content_type, size_bytes)
            values (:tenantId, :id, :key, :contentType, :sizeBytes)
            on conflict (tenant_id, key) do nothing""")
    void insert(@Bind("tenantId") UUID tenantId, @Bind("id") UUID id, @Bind("key") String key,
                @Bind("contentType") String contentType, @Bind("sizeBytes") long sizeBytes);

    @SqlQuery("select " + COLUMNS + " from images i where i.tenant_id = :tenantId and i.key = :key")
    Optional<ImageRow> findByKey(@Bind("tenantId") UUID tenantId, @Bind("key") String key);

    /** Those of {@code keys} that are images of the tenant. */
    @SqlQuery("select i.key from images i where i.tenant_id = :tenantId and i.key = any(:keys)")
    List<String> existingKeys(@Bind("tenantId") UUID tenantId, @Bind("keys") String[] keys);
}
