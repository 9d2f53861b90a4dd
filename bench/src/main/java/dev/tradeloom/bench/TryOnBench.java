package dev.tradeloom.bench;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.HdrHistogram.Histogram;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;

import dev.tradeloom.platform.config.Env;
import dev.tradeloom.platform.db.Database;
import dev.tradeloom.platform.queue.JobHandler;
import dev.tradeloom.platform.queue.JobQueue;
import dev.tradeloom.platform.queue.QueueWorker;
import dev.tradeloom.platform.queue.QueueWorkerSettings;
import dev.tradeloom.platform.storage.ImageType;
import dev.tradeloom.platform.storage.ObjectStore;
import dev.tradeloom.tryon.TryOnWorker;
import dev.tradeloom.tryon.TryOnWorkerConfig;
import dev.tradeloom.tryon.domain.Photos;
import dev.tradeloom.tryon.domain.TryOnJobs;
import dev.tradeloom.tryon.provider.TryOnInput;
import dev.tradeloom.tryon.provider.TryOnProvider;
import dev.tradeloom.tryon.store.TryOnJobDao;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * {@code bench/run.sh tryon [full] [idle jobs] [backlog jobs]}: try-on jobs through the shared queue with two
 * worker instances (two {@link QueueWorker}s, each with its own LISTEN connection, lease owner and threads,
 * as two replicas would have) and an instant provider, on an embedded PostgreSQL with the tryon schema, its
 * triggers and its quotas. Jobs are queued as SubmitTryOnJob queues them after its photo checks.
 * <ul>
 *   <li>Idle queue: one job at a time, the next submitted when the previous is claimed: submit→claim
 *       latency (from the submit's commit to the handler's first line) and jobs/s.</li>
 *   <li>Backlog: the backlog is queued with the workers stopped, then both start: jobs/s claimed and
 *       completed until the queue is empty, and the submit→claim latency of probe jobs submitted every
 *       100 ms while the backlog drains. A smaller backlog (up to 5,000 jobs) is drained first and not
 *       reported: the JIT compiles the handler's path then, as in a worker that has run for a while.</li>
 * </ul>
 * By default the handler returns at once (the queue alone). With {@code full} it is the real try-on runner
 * with an instant provider: both photos read from and the result written to an in-memory S3-compatible
 * store, the result recorded fenced on the attempt.
 */
public final class TryOnBench {
    private static final byte[] PHOTO = java.util.Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");
    private static final int USERS = 100;

    private final Map<String, Long> claimedAt = new ConcurrentHashMap<>();
    private final Map<String, CountDownLatch> waiting = new ConcurrentHashMap<>();
    private final AtomicLong lastClaim = new AtomicLong();

    private TryOnBench() {}

    public static void main(String[] args) throws Exception {
        int at = 0;
        final boolean full = args.length > at && "full".equals(args[at]);
        if (full) {
            at++;
        }
        final int idleJobs = args.length > at ? Integer.parseInt(args[at]) : 2_000;
        final int backlog = args.length > at + 1 ? Integer.parseInt(args[at + 1]) : 10_000;
        new TryOnBench().run(full, idleJobs, backlog);
        System.exit(0);
    }

    private void run(boolean full, int idleJobs, int backlog) throws Exception {
        final Path dataDir = Files.createTempDirectory("tradeloom-bench-pg");
        final EmbeddedPostgres pg = EmbeddedPostgres.builder().setDataDirectory(dataDir)
                                                    .setServerConfig("max_connections", "200")
                                                    .setServerConfig("shared_buffers", "512MB").start();
        final S3Proxy s3 = startS3();
        final Map<String, String> settings = new HashMap<>(Map.of(
                "DB_URL", "jdbc:postgresql://localhost:" + pg.getPort() + "/postgres", "DB_POOL_SIZE", "40",
                "S3_ENDPOINT", "http://127.0.0.1:" + s3.getPort(), "S3_ACCESS_KEY", "bench",
                "S3_SECRET_KEY", "bench-secret", "S3_BUCKET", "bench",
                "TRYON_USER_JOBS_PER_DAY", "1000000", "JOB_CONCURRENCY", "16"));
        // The workers' settings (JOB_CONCURRENCY and friends) may be given to the benchmark.
        System.getenv().forEach((name, value) -> {
            if (name.startsWith("JOB_")) {
                settings.put(name, value);
            }
        });
        final TryOnWorkerConfig config = TryOnWorkerConfig.fromEnv(Env.of(settings));
        final Database db = Database.start(config.database(), TryOnWorkerConfig.SCHEMA);
        final ObjectStore store = ObjectStore.start(config.storage());
        final TryOnJobs jobs = TryOnWorker.jobs(db, store, config);
        final JobQueue queue = new JobQueue(db.jdbi(), db.schema());
        final List<UUID> users = new ArrayList<>();
        final List<String[]> photos = new ArrayList<>();
        for (int i = 0; i < USERS; i++) {
            final UUID user = UUID.randomUUID();
            final String person = Photos.newUploadKey(user, ImageType.PNG);
            final String garment = Photos.newUploadKey(user, ImageType.PNG);
            store.put(person, PHOTO, "image/png");
            store.put(garment, PHOTO, "image/png");
            users.add(user);
            photos.add(new String[] {person, garment});
        }
        final JobHandler inner = full ? TryOnWorker.runner(db, store, new InstantProvider(),
                                                           new SimpleMeterRegistry())
                                      : job -> { };
        final JobHandler handler = job -> {
            final long now = System.nanoTime();
            claimedAt.putIfAbsent(job.dedupKey(), now);
            lastClaim.accumulateAndGet(now, Math::max);
            final CountDownLatch latch = waiting.get(job.dedupKey());
            if (latch != null) {
                latch.countDown();
            }
            inner.handle(job);
        };
        final QueueWorkerSettings workerSettings = config.jobs();
        System.out.printf("%nTry-on queue, %s handler, 2 workers (concurrency %d, batch %d, poll %s each)%n",
                          full ? "full (S3 + instant provider)" : "instant", workerSettings.concurrency(),
                          workerSettings.batchSize(), workerSettings.pollInterval());

        // Idle queue: one job at a time.
        try (QueueWorker a = start(db, handler, workerSettings); QueueWorker b = start(db, handler, workerSettings)) {
            Thread.sleep(1000); // Both listeners subscribed.
            for (int i = 0; i < Math.min(200, idleJobs); i++) {
                submitAndAwait(jobs, users, photos, i); // Warm-up, not recorded.
            }
            final Histogram latency = new Histogram(60_000_000L, 3);
            final long started = System.nanoTime();
            for (int i = 0; i < idleJobs; i++) {
                latency.recordValue(submitAndAwait(jobs, users, photos, i));
            }
            final double seconds = (System.nanoTime() - started) / 1e9;
            awaitDrained(queue);
            System.out.printf("Idle queue (depth 1): %,d jobs in %.1f s, %.0f jobs/s; submit->claim p50 %.2f ms, "
                              + "p99 %.2f ms, max %.2f ms%n", idleJobs, seconds, idleJobs / seconds,
                              latency.getValueAtPercentile(50) / 1000.0, latency.getValueAtPercentile(99) / 1000.0,
                              latency.getMaxValue() / 1000.0);
        }

        // Backlog: queued while no worker runs, then drained by two; first a smaller one, not reported, so that
        // the measured drain runs on compiled code as a long-running worker does.
        final int warmUp = Math.min(5_000, backlog);
        drainBacklog(warmUp, false, jobs, queue, users, photos, db, handler, workerSettings);
        System.out.printf("Warm-up: drained a backlog of %,d jobs, not reported%n", warmUp);
        drainBacklog(backlog, true, jobs, queue, users, photos, db, handler, workerSettings);
        final Map<String, Long> states = queue.depth().getOrDefault(TryOnJobDao.QUEUE, Map.of());
        System.out.printf("Queue states at the end: %s%n", states);
        store.close();
        db.close();
        s3.stop();
        pg.close();
    }

    /** Queues {@code backlog} jobs with no worker running, then drains them with two, sending probe jobs. */
    private void drainBacklog(int backlog, boolean report, TryOnJobs jobs, JobQueue queue, List<UUID> users,
                              List<String[]> photos, Database db, JobHandler handler,
                              QueueWorkerSettings workerSettings)
            throws InterruptedException {
        final long filling = System.nanoTime();
        final List<String> backlogIds = new ArrayList<>(backlog);
        for (int i = 0; i < backlog; i++) {
            backlogIds.add(submit(jobs, users, photos, i));
        }
        if (report) {
            final double seconds = (System.nanoTime() - filling) / 1e9;
            System.out.printf("Queued a backlog of %,d jobs in %.1f s (%.0f submits/s, one transaction each)%n",
                              backlog, seconds, backlog / seconds);
        }
        final Histogram probes = new Histogram(600_000_000L, 3);
        final long started = System.nanoTime();
        try (QueueWorker a = start(db, handler, workerSettings); QueueWorker b = start(db, handler, workerSettings)) {
            final List<String[]> probeTimes = new ArrayList<>();
            int probe = 0;
            while (claimedCount(backlogIds) < backlog) {
                final long submitted = System.nanoTime();
                final String id = submit(jobs, users, photos, probe++);
                probeTimes.add(new String[] {id, Long.toString(submitted)});
                Thread.sleep(100);
            }
            final double claimSeconds = (lastClaim.get() - started) / 1e9;
            awaitDrained(queue);
            final double doneSeconds = (System.nanoTime() - started) / 1e9;
            for (String[] p : probeTimes) {
                final Long claimed = claimedAt.get(p[0]);
                if (claimed != null) {
                    probes.recordValue(Math.max(0, (claimed - Long.parseLong(p[1])) / 1000));
                }
            }
            if (!report) {
                return;
            }
            final int total = backlog + probeTimes.size();
            System.out.printf("Backlog %,d: claimed %.0f jobs/s, completed %.0f jobs/s (%,d jobs incl. %d probes, "
                              + "all done after %.1f s)%n", backlog, total / claimSeconds, total / doneSeconds,
                              total, probeTimes.size(), doneSeconds);
            System.out.printf("Backlog %,d: probe submit->claim p50 %.1f ms, p99 %.1f ms, max %.1f ms (%d probes)%n",
                              backlog, probes.getValueAtPercentile(50) / 1000.0,
                              probes.getValueAtPercentile(99) / 1000.0, probes.getMaxValue() / 1000.0,
                              probes.getTotalCount());
        }
    }

    private long claimedCount(List<String> ids) {
        long count = 0;
        for (String id : ids) {
            if (claimedAt.containsKey(id)) {
                count++;
            }
        }
        return count;
    }

    /** Submits job {@code i} and waits until a worker claims it; returns the latency in microseconds. */
    private long submitAndAwait(TryOnJobs jobs, List<UUID> users, List<String[]> photos, int i)
            throws InterruptedException {
        final UUID user = users.get(i % USERS);
        final String[] keys = photos.get(i % USERS);
        final CountDownLatch latch = new CountDownLatch(1);
        final String id = jobs.queue(user, UUID.randomUUID(), keys[0], keys[1], null).id().toString();
        final long committed = System.nanoTime();
        // The handler records the claim before it looks for a latch: a claim before this line is seen below.
        waiting.put(id, latch);
        if (!claimedAt.containsKey(id)) {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("job " + id + " not claimed within 30 s");
            }
        }
        waiting.remove(id);
        return Math.max(0, (claimedAt.get(id) - committed) / 1000);
    }

    private static String submit(TryOnJobs jobs, List<UUID> users, List<String[]> photos, int i) {
        final String[] keys = photos.get(i % USERS);
        return jobs.queue(users.get(i % USERS), UUID.randomUUID(), keys[0], keys[1], null).id().toString();
    }

    private static QueueWorker start(Database db, JobHandler handler, QueueWorkerSettings settings) {
        return QueueWorker.start(db, Map.of(TryOnJobDao.QUEUE, handler), settings, new SimpleMeterRegistry());
    }

    private static void awaitDrained(JobQueue queue) throws InterruptedException {
        while (true) {
            final Map<String, Long> states = queue.depth().getOrDefault(TryOnJobDao.QUEUE, Map.of());
            if (states.getOrDefault("queued", 0L) == 0 && states.getOrDefault("running", 0L) == 0) {
                return;
            }
            Thread.sleep(20);
        }
    }

    private static S3Proxy startS3() throws Exception {
        final S3Proxy proxy = S3Proxy.builder().blobStore(BlobStores.create("transient", new Properties()))
                                     .endpoint(URI.create("http://127.0.0.1:0"))
                                     .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, "bench", "bench-secret")
                                     .build();
        proxy.start();
        return proxy;
    }

    /** A provider that answers at once with the person photo: the queue and storage are what is measured. */
    private static final class InstantProvider implements TryOnProvider {
        @Override
        public String name() {
            return "instant";
        }

        @Override
        public TryOnInput.Image generate(TryOnInput input) {
            return input.person();
        }
    }
}
