package dev.tradeloom.tryon;

import static java.util.Objects.requireNonNull;

import dev.tradeloom.platform.auth.TokenVerifier;
import dev.tradeloom.platform.db.Database;
import dev.tradeloom.platform.db.SqlObjects;
import dev.tradeloom.platform.queue.JobQueue;
import dev.tradeloom.platform.server.CoreServer;
import dev.tradeloom.platform.storage.ObjectStore;
import dev.tradeloom.tryon.api.TryOnServiceImpl;
import dev.tradeloom.tryon.domain.DeletedJobObjects;
import dev.tradeloom.tryon.domain.Photos;
import dev.tradeloom.tryon.domain.TryOnJobs;
import dev.tradeloom.tryon.domain.TryOnMetrics;
import dev.tradeloom.tryon.domain.TryOnRunner;
import dev.tradeloom.tryon.provider.GeminiTryOnProvider;
import dev.tradeloom.tryon.provider.OfflineTryOnProvider;
import dev.tradeloom.tryon.provider.TryOnProvider;
import dev.tradeloom.tryon.store.JobChangeFeed;
import dev.tradeloom.tryon.store.PhotoUploadDao;
import dev.tradeloom.tryon.store.QuotaDao;
import dev.tradeloom.tryon.store.TryOnJobDao;
import dev.tradeloom.tryon.upstream.CatalogProductImages;
import io.micrometer.core.instrument.MeterRegistry;

/** tryon-worker's wiring, shared by {@link TryOnWorkerMain}, the launcher and the tests. */
public final class TryOnWorker {
    private TryOnWorker() {}

    /** The try-on jobs of {@code db}, their files in {@code store}. */
    public static TryOnJobs jobs(Database db, ObjectStore store, TryOnWorkerConfig config) {
        requireNonNull(db, "db");
        SqlObjects.prepare(db.jdbi(), TryOnJobDao.class, QuotaDao.class);
        requireNonNull(config, "config");
        return new TryOnJobs(db.transactor(), new JobQueue(db.jdbi(), db.schema()), photos(db, store),
                             new CatalogProductImages(config.catalogCoreUrl()), config.tryOn());
    }

    /** The users' photo uploads and checked photos, remembered in {@code db} and stored in {@code store}. */
    public static Photos photos(Database db, ObjectStore store) {
        requireNonNull(db, "db");
        SqlObjects.prepare(db.jdbi(), PhotoUploadDao.class);
        return new Photos(db.transactor(), store);
    }

    /** Adds TryOnService, token verification and readiness to {@code server}. */
    public static CoreServer configure(CoreServer server, Database db, ObjectStore store, TryOnWorkerConfig config,
                                       JobChangeFeed changes) {
        requireNonNull(server, "server");
        requireNonNull(changes, "changes");
        return server.port(config.port())
                     .name("tryon-worker")
                     .service(new TryOnServiceImpl(jobs(db, store, config), photos(db, store), changes))
                     .tokenVerifier(TokenVerifier.fromJwksUrl(config.jwksUrl()))
                     .readiness(db::isHealthy);
    }

    /** Gemini when a key is configured, else the offline provider. */
    public static TryOnProvider provider(TryOnWorkerConfig config) {
        return config.gemini().enabled() ? new GeminiTryOnProvider(config.gemini()) : new OfflineTryOnProvider();
    }

    /** The handler of the {@link DeletedJobObjects#QUEUE} queue. */
    public static DeletedJobObjects deletedObjects(Database db, ObjectStore store) {
        return new DeletedJobObjects(db.transactor(), photos(db, store));
    }

    /** The handler of the {@link TryOnJobDao#QUEUE} queue. */
    public static TryOnRunner runner(Database db, ObjectStore store, TryOnProvider provider, MeterRegistry registry) {
        return new TryOnRunner(db.transactor(), store, provider, new TryOnMetrics(registry));
    }
}
