package dev.tradeloom.tryon.store;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tradeloom.platform.db.ChannelListener;
import dev.tradeloom.platform.db.DatabaseConfig;

/**
 * Tells watchers when a try-on job changed: one dedicated connection per process LISTENs on
 * {@code tryon_job_changes}, whose NOTIFY payload (sent by triggers, see the V1 migration) is the job id.
 * Nothing polls the jobs. Each time listening starts, the first time and after a lost connection (one dropped
 * silently is found out by the {@link ChannelListener}'s pings), every watcher is told, since changes may
 * have been missed while no one listened.
 */
public final class JobChangeFeed implements AutoCloseable {
    private static final Logger logger = LoggerFactory.getLogger(JobChangeFeed.class);
    private static final String CHANNEL = "tryon_job_changes";

    private final Map<UUID, Set<Runnable>> watchers = new ConcurrentHashMap<>();
    private final ChannelListener listener;

    private JobChangeFeed(DatabaseConfig config, Duration pingInterval) {
        listener = ChannelListener.builder(config, CHANNEL)
                                  .threadName("tryon-job-changes")
                                  .pingInterval(pingInterval)
                                  .onListening(this::tellEveryWatcher)
                                  .onNotification(this::dispatch)
                                  .build();
    }

    /** Starts listening on a connection of its own to the database of {@code config}. */
    public static JobChangeFeed start(DatabaseConfig config) {
        return start(config, ChannelListener.DEFAULT_PING_INTERVAL);
    }

    /** Starts listening, pinging the connection when it has been quiet for {@code pingInterval}. */
    static JobChangeFeed start(DatabaseConfig config, Duration pingInterval) {
        final JobChangeFeed feed = new JobChangeFeed(requireNonNull(config, "config"),
                                                     requireNonNull(pingInterval, "pingInterval"));
        feed.listener.start();
        return feed;
    }

    /** Calls {@code onChange} (on the feed's thread: hand work off) whenever job {@code jobId} changes. */
    public Subscription subscribe(UUID jobId, Runnable onChange) {
        requireNonNull(jobId, "jobId");
        requireNonNull(onChange, "onChange");
        watchers.computeIfAbsent(jobId, id -> ConcurrentHashMap.newKeySet()).add(onChange);
        return () -> watchers.computeIfPresent(jobId, (id, set) -> {
            set.remove(onChange);
            return set.isEmpty() ? null : set;
        });
    }

    /** Jobs being watched, for tests and metrics. */
    public int watchedJobs() {
        return watchers.size();
    }

    private void tellEveryWatcher() {
        watchers.values().forEach(JobChangeFeed::tell);
    }

    private void dispatch(String payload) {
        final UUID jobId;
        try {
            jobId = UUID.fromString(payload);
        } catch (IllegalArgumentException e) {
            return;
        }
        final @Nullable Set<Runnable> set = watchers.get(jobId);
        if (set != null) {
            tell(set);
        }
    }

    /** Tells each of {@code set}; one that throws (its stream closed, say) is logged, and the others are told. */
    private static void tell(Set<Runnable> set) {
        for (Runnable watcher : set) {
            try {
                watcher.run();
            } catch (RuntimeException e) {
                logger.warn("A try-on job watcher failed", e);
            }
        }
    }

    @Override
    public void close() {
        listener.close();
    }

    /** Stops one watcher's calls. */
    @FunctionalInterface
    public interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}
