package dev.tradeloom.tryon;

import static java.util.Objects.requireNonNull;

import java.util.Map;

import com.linecorp.armeria.server.Server;

import dev.tradeloom.platform.db.Database;
import dev.tradeloom.platform.queue.QueueWorker;
import dev.tradeloom.platform.server.CoreServer;
import dev.tradeloom.platform.storage.ObjectStore;
import dev.tradeloom.tryon.domain.DeletedJobObjects;
import dev.tradeloom.tryon.domain.RetentionSweep;
import dev.tradeloom.tryon.domain.TryOnJobs;
import dev.tradeloom.tryon.provider.TryOnProvider;
import dev.tradeloom.tryon.store.JobChangeFeed;
import dev.tradeloom.tryon.store.TryOnJobDao;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * A running tryon-worker: its database, object store, API server, the queue worker that runs jobs, the
 * feed of job changes for watchers and the retention sweep. Every replica runs all of them; the queue
 * shares jobs among replicas without coordination.
 */
public final class TryOnWorkerApp implements AutoCloseable {
    private final Database db;
    private final ObjectStore store;
    private final Server server;
    private final QueueWorker worker;
    private final JobChangeFeed changes;
    private final RetentionSweep sweep;
    private final MeterRegistry registry;

    private TryOnWorkerApp(Database db, ObjectStore store, Server server, QueueWorker worker, JobChangeFeed changes,
                           RetentionSweep sweep, MeterRegistry registry) {
        this.registry = registry;
        this.db = db;
        this.store = store;
        this.server = server;
        this.worker = worker;
        this.changes = changes;
        this.sweep = sweep;
    }

    /** Starts with the provider the configuration chooses (Gemini with a key, else offline). */
    public static TryOnWorkerApp start(TryOnWorkerConfig config) {
        return start(config, TryOnWorker.provider(requireNonNull(config, "config")));
    }

    /** Migrates the schema, starts serving, and starts running jobs with {@code provider}. */
    public static TryOnWorkerApp start(TryOnWorkerConfig config, TryOnProvider provider) {
        requireNonNull(config, "config");
        requireNonNull(provider, "provider");
        final Database db = Database.start(config.database(), TryOnWorkerConfig.SCHEMA);
        final ObjectStore store = ObjectStore.start(config.storage());
        final JobChangeFeed changes = JobChangeFeed.start(config.database());
        final CoreServer core = TryOnWorker.configure(CoreServer.builder(), db, store, config, changes);
        final Server server = core.build();
        server.start().join();
        // No job claimed ahead: a held try-on would show as running while it waits, and one cancelled
        // while held would still be generated (a paid call), for a gain that seconds-long jobs do not see.
        final QueueWorker worker = QueueWorker.start(
                db, Map.of(TryOnJobDao.QUEUE, TryOnWorker.runner(db, store, provider, core.meterRegistry()),
                           DeletedJobObjects.QUEUE, TryOnWorker.deletedObjects(db, store)),
                config.jobs().withClaimAhead(0), core.meterRegistry());
        final TryOnJobs jobs = TryOnWorker.jobs(db, store, config);
        final RetentionSweep sweep = new RetentionSweep(db.transactor(), jobs, TryOnWorker.photos(db, store),
                                                        config.tryOn()).start();
        return new TryOnWorkerApp(db, store, server, worker, changes, sweep, core.meterRegistry());
    }

    public int port() {
        return server.activeLocalPort();
    }

    public String uri() {
        return "http://127.0.0.1:" + port();
    }

    public Database database() {
        return db;
    }

    public ObjectStore store() {
        return store;
    }

    public JobChangeFeed changes() {
        return changes;
    }

    /** The queue worker, which a test may stop on its own to play a worker that died. */
    public QueueWorker worker() {
        return worker;
    }

    /** Where the server and the worker record their metrics. */
    public MeterRegistry meterRegistry() {
        return registry;
    }

    @Override
    public void close() {
        sweep.close();
        server.stop().join();
        worker.close();
        changes.close();
        store.close();
        db.close();
    }
}
