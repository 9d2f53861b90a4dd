package dev.tradeloom.tryon.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.tradeloom.platform.db.Database;
import dev.tradeloom.platform.testing.BlackHoleProxy;
import dev.tradeloom.platform.testing.Eventually;
import dev.tradeloom.platform.testing.TestPostgres;
import dev.tradeloom.tryon.TryOnWorkerConfig;

class JobChangeFeedTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static Database db;

    @BeforeAll
    static void start() {
        db = Database.start(TestPostgres.newDatabase(TryOnWorkerConfig.SCHEMA), TryOnWorkerConfig.SCHEMA);
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    @Test
    void watcher_isToldOfAChangeMadeAfterItsConnectionWasDroppedWithoutAReset() {
        final UUID probed = UUID.randomUUID();
        final UUID watched = UUID.randomUUID();
        final AtomicInteger probes = new AtomicInteger();
        final AtomicInteger told = new AtomicInteger();
        try (BlackHoleProxy proxy = BlackHoleProxy.to(TestPostgres.port());
             JobChangeFeed feed = JobChangeFeed.start(proxy.carrying(db.config()), Duration.ofMillis(200));
             JobChangeFeed.Subscription probe = feed.subscribe(probed, probes::incrementAndGet);
             JobChangeFeed.Subscription watch = feed.subscribe(watched, told::incrementAndGet)) {
            awaitHearing(probed, probes);
            final int beforeDrop = told.get();

            proxy.blackHoleOpenConnections();
            changed(watched);
            Eventually.await(WAIT, "the watcher told to read its job again", () -> told.get() > beforeDrop);
        }
    }

    @Test
    void aWatcherThatThrows_leavesTheOthersOfItsJobTold() {
        final UUID probed = UUID.randomUUID();
        final UUID job = UUID.randomUUID();
        final AtomicInteger probes = new AtomicInteger();
        final AtomicInteger told = new AtomicInteger();
        final List<JobChangeFeed.Subscription> subscriptions = new ArrayList<>();
        try (JobChangeFeed feed = JobChangeFeed.start(db.config())) {
            subscriptions.add(feed.subscribe(probed, probes::incrementAndGet));
            subscriptions.add(feed.subscribe(job, () -> {
                throw new IllegalStateException("its stream closed");
            }));
            // Told in no set order: with twenty others, the one that throws is rarely the last.
            for (int i = 0; i < 20; i++) {
                subscriptions.add(feed.subscribe(job, told::incrementAndGet));
            }
            awaitHearing(probed, probes);
            told.set(0); // listening has started, and told everyone once
            changed(job);
            Eventually.await(WAIT, "every working watcher told", () -> told.get() == 20);
        } finally {
            subscriptions.forEach(JobChangeFeed.Subscription::close);
        }
    }

    /**
     * Waits until the feed has told {@code probes} of a change to {@code probed}. A count of one could be the
     * tell that every watcher gets when listening starts, still under way for the others; a second call can
     * only be a notification, handled on the same thread after that tell has ended.
     */
    private static void awaitHearing(UUID probed, AtomicInteger probes) {
        Eventually.await(WAIT, "the feed hearing changes", () -> {
            changed(probed);
            return probes.get() >= 2;
        });
    }

    /** What the triggers on the job tables send when the job changes. */
    private static void changed(UUID jobId) {
        db.jdbi().useHandle(h -> h.createQuery("select 1 from pg_notify('tryon_job_changes', :id)")
                                  .bind("id", jobId.toString()).mapTo(Integer.class).one());
    }
}
