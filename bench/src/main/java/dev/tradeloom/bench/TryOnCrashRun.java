package dev.tradeloom.bench;

import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;

import dev.tradeloom.platform.config.Env;
import dev.tradeloom.platform.db.Database;
import dev.tradeloom.platform.db.Scope;
import dev.tradeloom.platform.queue.JobQueue;
import dev.tradeloom.platform.queue.QueueWorker;
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
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code bench/run.sh tryon-crash [jobs]}: two try-on worker processes (the real job handler, a provider
 * that takes 20 ms, photos and results in an S3-compatible store) drain a queue of jobs; when a third of
 * them are done one worker process is killed with SIGKILL, mid-jobs. The run then checks that every job
 * completed exactly once: every queue row done, every job with its result recorded, and exactly one result
 * object per job in the store (none left by the killed worker).
 */
public final class TryOnCrashRun {
    private static final byte[] PHOTO = java.util.Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");
    private static final String BUCKET = "bench";

    private TryOnCrashRun() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && "worker".equals(args[0])) {
            worker(args[1], args[2]);
            return;
        }
        final int jobs = args.length > 0 ? Integer.parseInt(args[0]) : 3_000;
        final EmbeddedPostgres pg = EmbeddedPostgres.builder()
                                                    .setDataDirectory(Files.createTempDirectory("tradeloom-bench-pg"))
                                                    .setServerConfig("max_connections", "200").start();
        final S3Proxy s3 = S3Proxy.builder().blobStore(BlobStores.create("transient", new Properties())).endpoint(URI.create("http://127.0.0.1:0"))
                                  .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, "bench", "bench-secret")
                                  .build();
        s3.start();
        final String jdbcUrl = "jdbc:postgresql://localhost:" + pg.getPort() + "/postgres";
        final String s3Url = "http://127.0.0.1:" + s3.getPort();
        final TryOnWorkerConfig config = config(jdbcUrl, s3Url);
        final Database db = Database.start(config.database(), TryOnWorkerConfig.SCHEMA);
        final ObjectStore store = ObjectStore.start(config.storage());
        final TryOnJobs tryOn = TryOnWorker.jobs(db, store, config);
        final JobQueue queue = new JobQueue(db.jdbi(), db.schema());
        final List<UUID> users = new ArrayList<>();
        final List<String> photos = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            final UUID user = UUID.randomUUID();
            final String photo = Photos.newUploadKey(user, ImageType.PNG);
            store.put(photo, PHOTO, "image/png");
            users.add(user);
            photos.add(photo);
        }
        for (int i = 0; i < jobs; i++) {
            tryOn.queue(users.get(i % users.size()), UUID.randomUUID(), photos.get(i % users.size()),
                        photos.get(i % users.size()), null);
        }
        System.out.printf("%nTry-on crash run: %,d jobs queued; two worker processes (concurrency 8 each, lease 2 s, "
                          + "20 ms per image)%n", jobs);

        final long started = System.nanoTime();
        final Process a = spawn(jdbcUrl, s3Url, "a");
        final Process b = spawn(jdbcUrl, s3Url, "b");
        while (done(queue) < jobs / 3) {
            Thread.sleep(20);
        }
        final long doneAtKill = done(queue);
        final long runningAtKill = state(queue, "running");
        a.destroyForcibly(); // SIGKILL: no shutdown hook, no lease release, jobs left running.
        a.waitFor(10, TimeUnit.SECONDS);
        System.out.printf("Killed worker a (SIGKILL) after %.1f s with %,d jobs done and %d running%n",
                          (System.nanoTime() - started) / 1e9, doneAtKill, runningAtKill);
        while (done(queue) < jobs && b.isAlive()) {
            Thread.sleep(50);
        }
        final double seconds = (System.nanoTime() - started) / 1e9;
        b.destroy();
        b.waitFor(20, TimeUnit.SECONDS);

        final long retried = db.jdbi().withHandle(h -> h.createQuery(
                "select count(*) from jobs where queue = 'tryon' and attempts > 1").mapTo(Long.class).one());
        long recorded = 0;
        for (UUID user : users) {
            // Row-level security: each user's jobs are read acting as that user.
            recorded += db.transactor().inTransaction(Scope.user(user), h -> h.createQuery(
                    "select count(*) from tryon_jobs where result_key is not null").mapTo(Long.class).one());
        }
        final long resultObjects = countResults(s3Url);
        System.out.printf("All done after %.1f s: queue %s%n", seconds,
                          queue.depth().getOrDefault(TryOnJobDao.QUEUE, Map.of()));
        System.out.printf("Jobs run again after the kill: %d; jobs with a recorded result: %,d of %,d; "
                          + "result objects in the store: %,d%n", retried, recorded, jobs, resultObjects);
        final boolean exactlyOnce = done(queue) == jobs && recorded == jobs && resultObjects == jobs;
        System.out.println(exactlyOnce ? "Every job completed exactly once, with one result object."
                                       : "NOT exactly once: see the counts above.");
        store.close();
        db.close();
        s3.stop();
        pg.close();
        System.exit(exactlyOnce ? 0 : 1);
    }

    /** A worker process: the real try-on handler with a provider that takes 20 ms. */
    private static void worker(String jdbcUrl, String s3Url) throws Exception {
        final TryOnWorkerConfig config = config(jdbcUrl, s3Url);
        final Database db = Database.start(config.database(), TryOnWorkerConfig.SCHEMA);
        final ObjectStore store = ObjectStore.start(config.storage());
        final SimpleMeterRegistry registry = new SimpleMeterRegistry();
        final QueueWorker worker = QueueWorker.start(
                db, Map.of(TryOnJobDao.QUEUE, TryOnWorker.runner(db, store, new SlowProvider(), registry)),
                config.jobs(), registry);
        Runtime.getRuntime().addShutdownHook(new Thread(worker::close));
        Thread.currentThread().join();
    }

    private static TryOnWorkerConfig config(String jdbcUrl, String s3Url) {
        final Map<String, String> settings = new HashMap<>(Map.of(
                "DB_URL", jdbcUrl, "DB_POOL_SIZE", "12", "S3_ENDPOINT", s3Url, "S3_ACCESS_KEY", "bench",
                "S3_SECRET_KEY", "bench-secret", "S3_BUCKET", BUCKET, "TRYON_USER_JOBS_PER_DAY", "1000000",
                "JOB_CONCURRENCY", "8", "JOB_LEASE", "2s", "JOB_POLL_INTERVAL", "500ms"));
        return TryOnWorkerConfig.fromEnv(Env.of(settings));
    }

    private static Process spawn(String jdbcUrl, String s3Url, String name) throws Exception {
        final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        final File log = Files.createTempFile("tryon-worker-" + name + '-', ".log").toFile();
        return new ProcessBuilder(java, "-Xmx512m", "-Dlogback.configurationFile=logback-bench.xml",
                                  "-cp", System.getProperty("java.class.path"), TryOnCrashRun.class.getName(),
                                  "worker", jdbcUrl, s3Url)
                .redirectErrorStream(true).redirectOutput(log).start();
    }

    private static long done(JobQueue queue) {
        return state(queue, "done");
    }

    private static long state(JobQueue queue, String state) {
        return queue.depth().getOrDefault(TryOnJobDao.QUEUE, Map.of()).getOrDefault(state, 0L);
    }

    /** Objects under {@code tryon/<user>/results/}, listed through the S3 API. */
    private static long countResults(String s3Url) {
        try (S3Client s3 = S3Client.builder().httpClientBuilder(UrlConnectionHttpClient.builder())
                                   .region(Region.US_EAST_1).endpointOverride(URI.create(s3Url))
                                   .forcePathStyle(true)
                                   .credentialsProvider(StaticCredentialsProvider.create(
                                           AwsBasicCredentials.create("bench", "bench-secret")))
                                   .build()) {
            return s3.listObjectsV2Paginator(r -> r.bucket(BUCKET).prefix("tryon/")).contents().stream()
                     .filter(object -> object.key().contains("/results/")).count();
        }
    }

    /** Answers with the person photo after 20 ms, standing in for an image service. */
    private static final class SlowProvider implements TryOnProvider {
        @Override
        public String name() {
            return "slow-instant";
        }

        @Override
        public TryOnInput.Image generate(TryOnInput input) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return input.person();
        }
    }
}
