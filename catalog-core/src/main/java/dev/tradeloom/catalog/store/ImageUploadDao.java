package dev.tradeloom.catalog.store;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * Presigned uploads of a tenant that were handed out, completed or not, until the sweep deletes what their
 * URL wrote last and forgets them.
 */
public interface ImageUploadDao {

    /** Records an upload handed out under {@code key}, whose URL stops being accepted at {@code expiresAt}. */
    @SqlUpdate("""
            insert into image_uploads (tenant_id, key, expires_at)
            values (:tenantId, :key, :expiresAt)""")
    void insert(@Bind("tenantId") UUID tenantId, @Bind("key") String key, @Bind("expiresAt") Instant expiresAt);

    /**
     * Forgets the upload under {@code key} if its URL expired before {@code before}, holding its row until
     * the transaction ends; false when there is none such (completed, or another sweep took it).
     */
    @SqlUpdate("""
            delete from image_uploads
            where tenant_id = :tenantId and key = :key and expires_at < :before""")
    boolean deleteExpired(@Bind("tenantId") UUID tenantId, @Bind("key") String key,
                          @Bind("before") Instant before);

    /** Up to {@code limit} uploads of every tenant whose URL expired before {@code before}, oldest first. */
    @SqlQuery("select tenant_id, key from expired_image_uploads(:before, :limit)")
    List<UploadRef> expired(@Bind("before") Instant before, @Bind("limit") int limit);

    /** A pending upload's tenant and key. */
    record UploadRef(UUID tenantId, String key) {}
}
