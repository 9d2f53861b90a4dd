package dev.tradeloom.tryon.store;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * Presigned photo uploads of a user that were handed out, submitted or not, until the sweep deletes what
 * their URL wrote last and forgets them.
 */
public interface PhotoUploadDao {

    /** Records an upload handed out under {@code key}, whose URL stops being accepted at {@code expiresAt}. */
    @SqlUpdate("""
            insert into tryon_photo_uploads (user_id, key, expires_at)
            values (:userId, :key, :expiresAt)""")
    void insert(@Bind("userId") UUID userId, @Bind("key") String key, @Bind("expiresAt") Instant expiresAt);

    /**
     * Forgets the upload under {@code key} if its URL expired before {@code before}, holding its row until
     * the transaction ends; false when there is none such (another sweep took it).
     */
    @SqlUpdate("""
            delete from tryon_photo_uploads
            where user_id = :userId and key = :key and expires_at < :before""")
    boolean deleteExpired(@Bind("userId") UUID userId, @Bind("key") String key, @Bind("before") Instant before);

    /** Forgets the keys of {@code userId} that a job now names: the sweep leaves them to the job. */
    @SqlUpdate("delete from tryon_photo_uploads where user_id = :userId and key = any(:keys)")
    void forget(@Bind("userId") UUID userId, @Bind("keys") String[] keys);

    /** Up to {@code limit} uploads of every user whose URL expired before {@code before}, oldest first. */
    @SqlQuery("select user_id, key from expired_tryon_photo_uploads(:before, :limit)")
    List<UploadRef> expired(@Bind("before") Instant before, @Bind("limit") int limit);

    /** An upload's owner and key. */
    record UploadRef(UUID userId, String key) {}
}
