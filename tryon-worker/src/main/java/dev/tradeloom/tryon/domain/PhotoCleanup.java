package dev.tradeloom.tryon.domain;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import dev.tradeloom.platform.db.Scope;
import dev.tradeloom.platform.db.Transactor;
import dev.tradeloom.tryon.store.TryOnJobRow;

/**
 * Deletes the stored objects try-on jobs leave behind: the uploads a queued job's photos were copied from,
 * and a deleted job's result and photos. A photo another of the user's jobs still uses is kept.
 */
final class PhotoCleanup {
    private final Transactor tx;
    private final Photos photos;

    PhotoCleanup(Transactor tx, Photos photos) {
        this.tx = tx;
        this.photos = photos;
    }

    /**
     * Deletes the uploads a queued job's photos were copied from. Kept while a job submitted before submits
     * copied photos still uses one: that job reads the upload itself.
     */
    void deleteUploads(UUID userId, String personKey, Garment garment) {
        final Set<String> uploads = new HashSet<>();
        uploads.add(personKey);
        if (garment instanceof Garment.Upload upload) {
            uploads.add(upload.key());
        }
        uploads.removeIf(key -> !Photos.isUploadOf(userId, key));
        removeUsed(userId, uploads, null);
        uploads.forEach(photos.store()::delete);
    }

    /** The photos of {@code job} that no other job of its user uses, whether its row is still there or not. */
    Set<String> unusedPhotos(TryOnJobRow job) {
        final Set<String> unused = ownPhotos(job);
        removeUsed(job.userId(), unused, job.id());
        return unused;
    }

    /** The photos of {@code job} that are its user's own: a product's image belongs to its supplier. */
    static Set<String> ownPhotos(TryOnJobRow job) {
        final Set<String> own = new HashSet<>();
        for (String key : List.of(job.personPhotoKey(), job.garmentPhotoKey())) {
            if (Photos.isPhotoOf(job.userId(), key)) {
                own.add(key);
            }
        }
        return own;
    }

    /**
     * The keys {@code job}'s result may be stored under: the one recorded or, with none, those of every attempt
     * made, since attempts that died between storing and recording their image may have left it behind.
     */
    static List<String> resultKeys(TryOnJobRow job) {
        return job.resultKey() != null ? List.of(job.resultKey())
                                       : Photos.resultKeys(job.userId(), job.id(), job.attempts());
    }

    /** Removes from {@code keys} those a job of {@code userId} other than {@code except} uses. */
    void removeUsed(UUID userId, Set<String> keys, @Nullable UUID except) {
        if (keys.isEmpty()) {
            return;
        }
        tx.inTransaction(Scope.user(userId), h -> {
            keys.removeIf(key -> h.createQuery("""
                                        select count(*) from tryon_jobs
                                         where user_id = :userId
                                           and (person_photo_key = :key or garment_photo_key = :key)
                                           and (cast(:except as uuid) is null or id <> :except)""")
                                  .bind("userId", userId).bind("key", key).bind("except", except)
                                  .mapTo(Long.class).one() > 0);
            return null;
        });
    }

    /** Deletes the objects of {@code keys}; deleting one that is gone is not an error. */
    void delete(Collection<String> keys) {
        keys.forEach(photos.store()::delete);
    }

    /** Deletes {@code photoKeys} and the result of the deleted {@code job}. */
    void deleteObjects(TryOnJobRow job, Set<String> photoKeys) {
        delete(photoKeys);
        delete(resultKeys(job));
    }
}
