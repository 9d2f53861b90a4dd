package dev.tradeloom.platform.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jdbi.v3.core.JdbiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import dev.tradeloom.platform.db.Database;
import dev.tradeloom.platform.queue.JobHandler;
import dev.tradeloom.platform.queue.JobQueue;
import dev.tradeloom.platform.queue.QueueWorker;
import dev.tradeloom.platform.queue.QueueWorkerSettings;
import dev.tradeloom.platform.testing.Eventually;
import dev.tradeloom.platform.testing.RestartablePostgres;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

/**
 * A PostgreSQL restart while the outbox sends: every email whose enqueue committed reaches the SMTP
 * server (an email whose completion the outage swallowed, one being sent when it began or one the
 * worker held and sent during it, is sent again: at least once), and none whose enqueue failed during
 * the outage.
 */
class MailOutboxRestartTest {
    private static final String SCHEMA = "mailrestart";
    private static final Duration WAIT = Duration.ofSeconds(30);
    /**
     * Long enough that heartbeats keep a running job's lease through a paused JVM (a job whose lease expires
     * while it runs is claimed and sent again, which the exact counts below would take for a bug).
     */
    private static final Duration LEASE = Duration.ofSeconds(5);
    private static final int CONCURRENCY = 2;
    private static final QueueWorkerSettings SETTINGS = new QueueWorkerSettings(
            CONCURRENCY, 32, LEASE, Duration.ofMinutes(10), Duration.ofMillis(10), Duration.ofMillis(100));

    @TempDir
    Path dir;

    @Test
    void restartWhileSending_deliversEveryCommittedEmail_andNoneThatFailedToEnqueue() {
        final GreenMail smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        final Set<String> committed = new HashSet<>();
        final List<String> refused = new ArrayList<>();
        final Set<String> interrupted = ConcurrentHashMap.newKeySet();
        final CountDownLatch databaseDown = new CountDownLatch(1);
        final AtomicBoolean restarting = new AtomicBoolean();
        final Set<String> sentDuringOutage = ConcurrentHashMap.newKeySet();
        final SimpleMeterRegistry metrics = new SimpleMeterRegistry();

        try (RestartablePostgres pg = RestartablePostgres.start(dir.resolve("pg"));
             Database db = Database.start(pg.configFor(SCHEMA).withConnectionTimeout(Duration.ofMillis(500)),
                                          SCHEMA);
             Mailer mailer = new Mailer(new MailConfig("127.0.0.1", smtp.getSmtp().getPort(), "", "", false,
                                                       "Tradeloom <no-reply@tradeloom.local>",
                                                       "http://localhost:8080"))) {
            final JobQueue queue = new JobQueue(db.jdbi(), db.schema());
            final MailOutbox outbox = new MailOutbox(queue, new MailTemplates(), mailer);
            final JobHandler send = outbox.handler();
            // The first emails are being sent when the database stops; they reach SMTP during the outage.
            final JobHandler handler = job -> {
                if (databaseDown.getCount() > 0) {
                    interrupted.add(job.dedupKey());
                    await(databaseDown);
                } else if (!restarting.get()) {
                    sentDuringOutage.add(job.dedupKey());
                }
                send.handle(job);
            };
            try (QueueWorker worker = QueueWorker.start(db, Map.of(MailOutbox.QUEUE, handler), SETTINGS,
                                                        metrics)) {
                for (int i = 0; i < 10; i++) {
                    enqueue(db, outbox, "first-" + i);
                    committed.add("first-" + i);
                }
                Eventually.await(WAIT, "the first emails being sent", () -> interrupted.size() == CONCURRENCY);
                // And the worker holding the next ones ahead (one or two, as its claims fell), after which it
                // claims no more while its threads are busy: which emails run during the outage does not then
                // hang on when the dispatcher got round to claiming them.
                Eventually.await(WAIT, "the worker holding emails ahead", () -> running(queue) > CONCURRENCY);
                final long claimed = running(queue);

                // Every lease was last extended before the database stopped, so the outage outlasts the leases
                // and the emails whose completion it swallowed are free to reclaim once it ends.
                final long outageEnds = System.nanoTime() + LEASE.plusMillis(500).toNanos();
                pg.stop();
                databaseDown.countDown();
                // Every email the worker had claimed is sent, and its completion lost, before the database
                // comes back: none is still on its way, to be completed after the restart or sent after
                // `restarting` is set and its completion lost.
                Eventually.await(WAIT, "the claimed emails sent during the outage, their completions lost",
                                 () -> handledCount(metrics, "unrecorded") == claimed);
                restarting.set(true);
                assertThat(smtp.getReceivedMessages()).hasSize((int) claimed);
                assertThat(sentDuringOutage).hasSize((int) claimed - CONCURRENCY);
                for (int i = 0; i < 3 || System.nanoTime() < outageEnds; i++) {
                    final String key = "outage-" + i;
                    assertThatThrownBy(() -> enqueue(db, outbox, key)).isInstanceOf(JdbiException.class);
                    refused.add(key);
                }
                pg.restart();
                // The pool reconnects on its own schedule (its retries back off through the outage): the
                // second emails are enqueued once it has, so that every attempt commits.
                Eventually.await(WAIT, "the pool connected again", () -> RestartablePostgres.poolConnects(db));

                for (int i = 0; i < 5; i++) {
                    enqueue(db, outbox, "second-" + i);
                    committed.add("second-" + i);
                }
                Eventually.await(WAIT, "every committed email done", () -> committed.stream().allMatch(
                        key -> "done".equals(queue.state(MailOutbox.QUEUE, key))));
                for (String key : refused) {
                    assertThat(queue.state(MailOutbox.QUEUE, key)).as(key).isNull();
                }
                assertThat(queue.depth().get(MailOutbox.QUEUE)).containsOnlyKeys("done");
            }

            final Map<String, Integer> received = receivedByAddress(smtp);
            final Map<String, Integer> expected = new HashMap<>();
            // At least once: an email whose completion was lost is sent again; no other email twice.
            committed.forEach(key -> expected.put(address(key), interrupted.contains(key)
                                                                || sentDuringOutage.contains(key) ? 2 : 1));
            assertThat(interrupted).hasSize(CONCURRENCY);
            assertThat(received).isEqualTo(expected);
        } finally {
            smtp.stop();
        }
    }

    private static void enqueue(Database db, MailOutbox outbox, String key) {
        db.transactor().inSystem(h -> {
            final Map<String, String> values = Map.of("displayName", key, "link", "https://t/v?token=" + key);
            outbox.enqueue(h, key, new MailRequest(address(key), "verify_email", "en", values));
            return null;
        });
    }

    private static long running(JobQueue queue) {
        return queue.depth().get(MailOutbox.QUEUE).getOrDefault("running", 0L);
    }

    private static long handledCount(SimpleMeterRegistry metrics, String outcome) {
        final Timer timer = metrics.find("tradeloom.jobs.handled").tag("outcome", outcome).timer();
        return timer == null ? 0 : timer.count();
    }

    private static String address(String key) {
        return key + "@example.com";
    }

    private static Map<String, Integer> receivedByAddress(GreenMail smtp) {
        final Map<String, Integer> received = new HashMap<>();
        try {
            for (MimeMessage message : smtp.getReceivedMessages()) {
                for (Address to : message.getAllRecipients()) {
                    received.merge(to.toString(), 1, Integer::sum);
                }
            }
        } catch (MessagingException e) {
            throw new AssertionError(e);
        }
        return received;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
