package dev.tradeloom.platform.db;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds one dedicated connection that LISTENs on a channel and hands each NOTIFY's payload to a callback. A
 * broken connection (say, a database restart) is reopened, and each time listening starts the other callback
 * is told, since notifications sent while no one listened are lost.
 *
 * <p>A connection dropped without a reset (a NAT or load balancer forgetting an idle connection, a failover)
 * never fails a wait for notifications: it only stays quiet. So a connection quiet for the ping interval is
 * pinged, and a ping that gets no answer within the socket timeout (twice the ping interval) fails the
 * connection, which is then reopened.
 */
public final class ChannelListener implements AutoCloseable {
    /** How long a connection may stay quiet before it is pinged. */
    public static final Duration DEFAULT_PING_INTERVAL = Duration.ofSeconds(15);
    private static final Logger logger = LoggerFactory.getLogger(ChannelListener.class);
    /** The longest wait for notifications: how soon a closed listener lets its connection go. */
    private static final long MAX_WAIT_MILLIS = 1000;

    private final DatabaseConfig config;
    private final String channel;
    private final Duration reconnectDelay;
    private final Duration pingInterval;
    private final Runnable onListening;
    private final Consumer<String> onNotification;
    private final Thread thread;
    private volatile boolean running = true;

    private ChannelListener(Builder builder) {
        config = builder.config;
        channel = builder.channel;
        reconnectDelay = builder.reconnectDelay;
        pingInterval = builder.pingInterval;
        onListening = builder.onListening;
        onNotification = builder.onNotification;
        thread = new Thread(this::run, builder.threadName);
        thread.setDaemon(true);
    }

    /** A listener on {@code channel} of the database of {@code config}, reached as its runtime role. */
    public static Builder builder(DatabaseConfig config, String channel) {
        return new Builder(requireNonNull(config, "config"), requireNonNull(channel, "channel"));
    }

    /** Starts listening, on a daemon thread of its own. */
    public void start() {
        thread.start();
    }

    /** Stops listening; the connection is closed within a second. */
    @Override
    public void close() {
        running = false;
    }

    private void run() {
        while (running) {
            try (Connection connection = connect()) {
                try (Statement listen = connection.createStatement()) {
                    listen.execute("listen " + Migrations.quoteIdentifier(channel));
                }
                call(onListening);
                receive(connection);
            } catch (SQLException e) {
                if (running) {
                    logger.warn("Lost the connection listening on {} ({}); reconnecting in {}", channel,
                                e.getMessage(), reconnectDelay);
                    sleep(reconnectDelay);
                }
            }
        }
    }

    /** Hands over notifications until closed; pings the connection whenever it stays quiet for the interval. */
    private void receive(Connection connection) throws SQLException {
        final PGConnection pg = connection.unwrap(PGConnection.class);
        final long waitMillis = Math.max(1, Math.min(MAX_WAIT_MILLIS, pingInterval.toMillis()));
        long lastHeard = System.nanoTime();
        while (running) {
            final PGNotification @Nullable [] notifications = pg.getNotifications((int) waitMillis);
            if (notifications != null && notifications.length > 0) {
                lastHeard = System.nanoTime();
                for (PGNotification notification : notifications) {
                    call(() -> onNotification.accept(notification.getParameter()));
                }
            } else if (System.nanoTime() - lastHeard >= pingInterval.toNanos()) {
                try (Statement ping = connection.createStatement()) {
                    ping.execute("select 1");
                }
                lastHeard = System.nanoTime();
            }
        }
    }

    private Connection connect() throws SQLException {
        final Properties properties = new Properties();
        properties.setProperty("user", config.user());
        properties.setProperty("password", config.password());
        properties.setProperty("tcpKeepAlive", "true");
        // Bounds every read but the waits for notifications, which set their own timeout: an unanswered
        // ping or handshake fails the connection rather than hanging the listener.
        final long socketTimeoutSeconds = Math.max(1, (pingInterval.toMillis() * 2 + 999) / 1000);
        properties.setProperty("socketTimeout", String.valueOf(socketTimeoutSeconds));
        return DriverManager.getConnection(config.jdbcUrl(), properties);
    }

    /** Runs a callback; one that throws is logged, so that listening goes on for every other. */
    private void call(Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException e) {
            logger.warn("A listener of {} failed", channel, e);
        }
    }

    private static void sleep(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Settings of a {@link ChannelListener}. */
    public static final class Builder {
        private final DatabaseConfig config;
        private final String channel;
        private String threadName;
        private Duration reconnectDelay = Duration.ofSeconds(1);
        private Duration pingInterval = DEFAULT_PING_INTERVAL;
        private Runnable onListening = () -> {};
        private Consumer<String> onNotification = payload -> {};

        private Builder(DatabaseConfig config, String channel) {
            this.config = config;
            this.channel = channel;
            threadName = "listen-" + channel;
        }

        /** The name of the listener's thread; default {@code listen-<channel>}. */
        public Builder threadName(String name) {
            threadName = requireNonNull(name, "name");
            return this;
        }

        /** How long to wait before reopening a lost connection; default 1s. */
        public Builder reconnectDelay(Duration delay) {
            reconnectDelay = requireNonNull(delay, "delay");
            return this;
        }

        /** How long a connection may stay quiet before it is pinged; default {@link #DEFAULT_PING_INTERVAL}. */
        public Builder pingInterval(Duration interval) {
            requireNonNull(interval, "interval");
            if (interval.toMillis() < 1) {
                throw new IllegalArgumentException("pingInterval: " + interval + " (expected: >= 1ms)");
            }
            pingInterval = interval;
            return this;
        }

        /**
         * Called, on the listener's thread, each time listening starts, the first time and after each
         * reconnection: whatever was notified meanwhile was lost, so the state it stood for is to be read again.
         */
        public Builder onListening(Runnable callback) {
            onListening = requireNonNull(callback, "callback");
            return this;
        }

        /** Called, on the listener's thread, with the payload of each notification. */
        public Builder onNotification(Consumer<String> callback) {
            onNotification = requireNonNull(callback, "callback");
            return this;
        }

        /** A listener with these settings, not yet started. */
        public ChannelListener build() {
            return new ChannelListener(this);
        }
    }
}
