package dev.tradeloom.tryon.store;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tradeloom.platform.db.DatabaseConfig;

/**
 * Tells watchers when a try-on job changed: one dedicated connection per process LISTENs on
 * {@code tryon_job_changes}, whose NOTIFY payload (sent by triggers, see the V1 migration) is the job id.
 * Nothing polls. After the connection is (re)opened every watcher is told, since changes may have been
 * missed while no one listened.
 */
public final class JobChangeFeed implements AutoCloseable {
    private static final Logger logger = LoggerFactory.getLogger(JobChangeFeed.class);
    private static final String CHANNEL = "tryon_job_changes";

    private final DatabaseConfig config;
    private final Duration reconnectDelay;
    private final Map<UUID, Set<Runnable>> watchers = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    private JobChangeFeed(DatabaseConfig config, Duration reconnectDelay) {
        this.config = config;
        this.reconnectDelay = reconnectDelay;
        thread = new Thread(this::listen, "tryon-job-changes");
        thread.setDaemon(true);
    }

    /** Starts listening on a connection of its own to the database of {@code config}. */
    public static JobChangeFeed start(DatabaseConfig config) {
        final JobChangeFeed feed = new JobChangeFeed(requireNonNull(config, "config"), Duration.ofSeconds(1));
        feed.thread.start();
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

    private void listen() {
        while (running) {
            try (Connection connection = DriverManager.getConnection(config.jdbcUrl(), config.user(),
                                                                     config.password())) {
                try (var listen = connection.createStatement()) {
                    listen.execute("listen " + CHANNEL);
                }
                watchers.values().forEach(set -> set.forEach(Runnable::run));
                final PGConnection pg = connection.unwrap(PGConnection.class);
                while (running) {
                    final PGNotification @Nullable [] notifications = pg.getNotifications(1000);
                    if (notifications != null) {
                        for (PGNotification notification : notifications) {
                            dispatch(notification.getParameter());
                        }
                    }
                }
            } catch (SQLException e) {
                if (running) {
                    logger.warn("Lost the try-on change connection ({}); reconnecting in {}", e.getMessage(),
                                reconnectDelay);
                    sleep(reconnectDelay);
                }
            }
        }
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
            set.forEach(Runnable::run);
        }
    }

    private static void sleep(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
    }

    /** Stops one watcher's calls. */
    @FunctionalInterface
    public interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}
