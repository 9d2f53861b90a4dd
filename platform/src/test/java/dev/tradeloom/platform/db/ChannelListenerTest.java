package dev.tradeloom.platform.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.tradeloom.platform.testing.BlackHoleProxy;
import dev.tradeloom.platform.testing.Eventually;
import dev.tradeloom.platform.testing.TestPostgres;

class ChannelListenerTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** Short, so that a silently dropped connection is found out in a second or two. */
    private static final Duration PING_INTERVAL = Duration.ofMillis(200);
    private static final String CHANNEL = "changes";
    private static Database db;

    @BeforeAll
    static void start() {
        db = Database.start(TestPostgres.newDatabase("listen"), "listen");
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    @Test
    void connectionDroppedWithoutAReset_isFoundOutByItsPing_andListeningStartsAgainOnANewOne() {
        final AtomicInteger listening = new AtomicInteger();
        final List<String> heard = new CopyOnWriteArrayList<>();
        try (BlackHoleProxy proxy = BlackHoleProxy.to(TestPostgres.port());
             ChannelListener listener = ChannelListener.builder(proxy.carrying(db.config()), CHANNEL)
                                                       .pingInterval(PING_INTERVAL)
                                                       .reconnectDelay(Duration.ofMillis(10))
                                                       .onListening(listening::incrementAndGet)
                                                       .onNotification(heard::add)
                                                       .build()) {
            listener.start();
            Eventually.await(WAIT, "listening", () -> listening.get() >= 1);
            notify("before");
            Eventually.await(WAIT, "the first change heard", () -> heard.contains("before"));

            // Counted rather than assumed to be one: a ping slower than the socket timeout (a paused JVM or
            // database) may already have had the listener start again.
            final int beforeDrop = listening.get();
            proxy.blackHoleOpenConnections();
            notify("unheard");
            Eventually.await(WAIT, "listening again, so that what was missed is read again",
                             () -> listening.get() > beforeDrop);
            notify("after");
            Eventually.await(WAIT, "a change after the drop heard", () -> heard.contains("after"));
        }
        assertThat(heard).containsExactly("before", "after");
    }

    @Test
    void callbackThatThrows_doesNotEndListening() {
        final List<String> heard = new CopyOnWriteArrayList<>();
        final AtomicInteger listening = new AtomicInteger();
        try (ChannelListener listener = ChannelListener.builder(db.config(), CHANNEL)
                                                       .onListening(listening::incrementAndGet)
                                                       .onNotification(payload -> {
                                                           heard.add(payload);
                                                           if (payload.equals("bad")) {
                                                               throw new IllegalStateException(payload);
                                                           }
                                                       })
                                                       .build()) {
            listener.start();
            Eventually.await(WAIT, "listening", () -> listening.get() == 1);
            notify("bad");
            notify("good");
            Eventually.await(WAIT, "the change after the failed one heard", () -> heard.contains("good"));
        }
        assertThat(heard).containsExactly("bad", "good");
        assertThat(listening.get()).isEqualTo(1);
    }

    private static void notify(String payload) {
        db.jdbi().useHandle(h -> h.createQuery("select 1 from pg_notify(:channel, :payload)")
                                  .bind("channel", CHANNEL).bind("payload", payload).mapTo(Integer.class).one());
    }
}
