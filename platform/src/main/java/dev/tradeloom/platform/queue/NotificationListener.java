package dev.tradeloom.platform.queue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tradeloom.platform.db.DatabaseConfig;

/**
 * Holds one dedicated connection that LISTENs on the queue's channel and calls {@code onNotify}
 * when jobs arrive. A broken connection (say, a database restart) is reopened; meanwhile the
 * worker's polling keeps jobs moving.
 */
final class NotificationListener implements Runnable {
    private static final Logger logger = LoggerFactory.getLogger(NotificationListener.class);

    private final DatabaseConfig config;
    private final String channel;
    private final Runnable onNotify;
    private final Duration retryDelay;
    private volatile boolean running = true;

    NotificationListener(DatabaseConfig config, String channel, Runnable onNotify, Duration retryDelay) {
        this.config = config;
        this.channel = channel;
        this.onNotify = onNotify;
        this.retryDelay = retryDelay;
    }

    @Override
    public void run() {
        while (running) {
            try (Connection connection = DriverManager.getConnection(config.jdbcUrl(), config.user(),
                                                                     config.password())) {
                try (var listen = connection.createStatement()) {
                    listen.execute("listen \"" + channel + '"');
                }
                // Jobs may have arrived while no one was listening.
                onNotify.run();
                final PGConnection pg = connection.unwrap(PGConnection.class);
                while (running) {
                    final PGNotification @Nullable [] notifications = pg.getNotifications(1000);
                    if (notifications != null && notifications.length > 0) {
                        onNotify.run();
                    }
                }
            } catch (SQLException e) {
                if (running) {
                    logger.warn("Lost the job notification connection ({}); reconnecting in {}", e.getMessage(),
                                retryDelay);
                    sleep(retryDelay);
                }
            }
        }
    }

    void stop() {
        running = false;
    }

    private static void sleep(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
