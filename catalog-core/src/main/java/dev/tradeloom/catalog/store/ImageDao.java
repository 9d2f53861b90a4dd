package dev.tradeloom.catalog.store;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jspecify.annotations.Nullable;

import dev.tradeloom.platform.storage.ImageSize;

/** A tenant's uploaded images. */
public interface ImageDao {
    String COLUMNS = """
            i.tenant_id, i.id, i.key, i.content_type, i.size_bytes, i.width, i.height, i.created_at, i.updated_at""";

    /**
     * Records an image stored under {@code key}, copied from the presigned upload under {@code uploadKey}
     * when not null; an image recorded before under either key is left as it was.
     */
    @SqlUpdate("""
            insert into images (tenant_id, id, key, upload_key, content_type, size_bytes, width, height)
            values (:tenantId, :id, :key, :uploadKey, :contentType, :sizeBytes, :size.width, :size.height)
            on conflict do nothing""")
    void insert(@Bind("tenantId") UUID tenantId, @Bind("id") UUID id, @Bind("key") String key,
                @Bind("uploadKey") @Nullable String uploadKey, @Bind("contentType") String contentType,
                @Bind("sizeBytes") long sizeBytes, @BindMethods("size") ImageSize size);

    @SqlQuery("select " + COLUMNS + " from images i where i.tenant_id = :tenantId and i.key = :key")
    Optional<ImageRow> findByKey(@Bind("tenantId") UUID tenantId, @Bind("key") String key);

    /** The image copied from the presigned upload under {@code uploadKey}. */
    @SqlQuery("select " + COLUMNS
              + " from images i where i.tenant_id = :tenantId and i.upload_key = :uploadKey")
    Optional<ImageRow> findByUploadKey(@Bind("tenantId") UUID tenantId, @Bind("uploadKey") String uploadKey);

    /**
     * Up to {@code limit} images of every tenant recorded without a size (before sizes were read), those after
     * {@code afterId}, by id.
     */
    @SqlQuery("select tenant_id, id, key from unsized_images(:afterId, :limit)")
    List<ImageRef> unsized(@Bind("afterId") UUID afterId, @Bind("limit") int limit);

    /** Records the size of an image that has none; false when it has one already. */
    @SqlUpdate("""
            update images set width = :size.width, height = :size.height
             where tenant_id = :tenantId and id = :id and width is null""")
    boolean recordSize(@Bind("tenantId") UUID tenantId, @Bind("id") UUID id, @BindMethods("size") ImageSize size);

    /** An image's tenant, id and key. */
    record ImageRef(UUID tenantId, UUID id, String key) {}

    /** Those of {@code keys} that are images of the tenant. */
    @SqlQuery("select i.key from images i where i.tenant_id = :tenantId and i.key = any(:keys)")
    List<String> existingKeys(@Bind("tenantId") UUID tenantId, @Bind("keys") String[] keys);
}
