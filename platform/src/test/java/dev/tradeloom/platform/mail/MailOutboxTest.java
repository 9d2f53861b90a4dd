package dev.tradeloom.platform.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;

import dev.tradeloom.platform.db.Database;
import dev.tradeloom.platform.queue.DeadJob;
import dev.tradeloom.platform.queue.JobQueue;
import dev.tradeloom.platform.queue.QueueWorker;
import dev.tradeloom.platform.queue.QueueWorkerSettings;
import dev.tradeloom.platform.testing.Eventually;
import dev.tradeloom.platform.testing.TestPostgres;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.mail.internet.MimeMessage;

class MailOutboxTest {
    private static final QueueWorkerSettings FAST = new QueueWorkerSettings(
            2, 32, Duration.ofSeconds(5), Duration.ofMillis(200), Duration.ofMillis(50), Duration.ofMillis(200));
    private static Database db;
    private static JobQueue queue;

    @BeforeAll
    static void start() {
        db = Database.start(TestPostgres.newDatabase("mail"), "mail");
        queue = new JobQueue(db.jdbi(), db.schema());
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    @Test
    void smtpOutage_delaysTheEmail_andLosesNothing_norDuplicates() throws IOException {
        final int port = freePort();
        final MailOutbox outbox = outbox(port);
        final String key = "verify:" + UUID.randomUUID();
        // Retries up to 2s apart: with FAST's 200ms, the email's 25 attempts ran out in about 2.5s, and a
        // slow start of the SMTP server below found it given up.
        try (QueueWorker worker = QueueWorker.start(db, Map.of(MailOutbox.QUEUE, outbox.handler()),
                                                    FAST.withBackoff(Duration.ofMillis(500), Duration.ofSeconds(2)),
                                                    new SimpleMeterRegistry())) {
            db.transactor().inSystem(h -> {
                outbox.enqueue(h, key, new MailRequest("buyer@example.com", "verify_email", "hi",
                                                       Map.of("displayName", "Ravi", "link", "https://t/v?token=1")));
                return null;
            });
            // Nothing listens on the port: the job fails and waits for its retry. Queued alone, it may not have run
            // yet, and the server below would take it at its first attempt.
            Eventually.await(Duration.ofSeconds(20), "a failed attempt",
                             () -> "queued".equals(queue.state(MailOutbox.QUEUE, key)) && lastError(key) != null);

            final GreenMail smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            smtp.start();
            try {
                Eventually.await(Duration.ofSeconds(30), "delivery after recovery",
                                 () -> "done".equals(queue.state(MailOutbox.QUEUE, key)));
                final MimeMessage[] received = smtp.getReceivedMessages();
                assertThat(received).hasSize(1);
                assertThat(GreenMailUtil.getBody(received[0])).isNotEmpty();
                assertThat(received[0].getSubject()).isEqualTo("Tradeloom के लिए अपना ईमेल पता पुष्टि करें");
            } catch (jakarta.mail.MessagingException e) {
                throw new AssertionError(e);
            } finally {
                smtp.stop();
            }
        }
    }

    @Test
    void serverRefusesOneOfTheRecipients_theOthersGetTheEmailOnce_theDeliveryEndsNamingTheRefused_andARetryMailsOnlyThem()
            throws IOException {
        final String key = "notify:" + UUID.randomUUID();
        try (RefusingSmtpServer smtp = new RefusingSmtpServer("gone")) {
            final MailOutbox outbox = outbox(smtp.port());
            try (QueueWorker worker = worker(outbox)) {
                db.transactor().inSystem(h -> {
                    outbox.enqueue(h, key, new MailRequest(
                            "sales@example.com, gone@example.com, owner@example.com", "verify_email", "en",
                            Map.of("displayName", "Ravi", "link", "https://t/v?token=2")));
                    return null;
                });
                Eventually.await(Duration.ofSeconds(20), "the delivery given up",
                                 () -> "dead".equals(queue.state(MailOutbox.QUEUE, key)));
                // Once, not again on a retry: the two accepted addresses would have had it twice.
                assertThat(smtp.delivered()).containsExactly(List.of("sales@example.com", "owner@example.com"));
                final DeadJob dead = queue.listDead(MailOutbox.QUEUE, null, null, 100).stream()
                                          .filter(job -> job.dedupKey().equals(key)).findFirst().orElseThrow();
                assertThat(dead.attempts()).isEqualTo(1);
                assertThat(dead.lastError()).startsWith(
                        "SMTP: sent to sales@example.com, owner@example.com but not to gone@example.com");

                // The mailbox is fixed and an operator retries: only the address it did not reach gets it.
                smtp.refuse("nobody");
                assertThat(queue.retryDead(dead.id())).isTrue();
                Eventually.await(Duration.ofSeconds(20), "the retried delivery done",
                                 () -> "done".equals(queue.state(MailOutbox.QUEUE, key)));
                assertThat(smtp.delivered()).containsExactly(List.of("sales@example.com", "owner@example.com"),
                                                             List.of("gone@example.com"));
            }
        }
    }

    @Test
    void serverPutsOffOneOfTheRecipients_theOthersGetTheEmailOnce_andItIsTriedAgainForThatRecipientAlone()
            throws IOException {
        final String key = "notify:" + UUID.randomUUID();
        try (RefusingSmtpServer smtp = new RefusingSmtpServer("nobody")) {
            smtp.greylist("later");
            final MailOutbox outbox = outbox(smtp.port());
            try (QueueWorker worker = worker(outbox)) {
                enqueue(outbox, key, "sales@example.com, later@example.com, owner@example.com");
                // A 451 is a refusal for now: the greylisting server accepts the address when offered again.
                assertThat(ended(key)).isEqualTo("done");
                assertThat(smtp.delivered()).containsExactly(List.of("sales@example.com", "owner@example.com"),
                                                             List.of("later@example.com"));
            }
        }
    }

    @Test
    void serverRefusesEveryRecipientForGood_theDeliveryEndsAtOnce_namingEachWithItsReply() throws IOException {
        final String key = "notify:" + UUID.randomUUID();
        try (RefusingSmtpServer smtp = new RefusingSmtpServer("gone")) {
            final MailOutbox outbox = outbox(smtp.port());
            try (QueueWorker worker = worker(outbox)) {
                enqueue(outbox, key, "gone@example.com, gone.too@example.com");
                assertThat(ended(key)).isEqualTo("dead");
                final DeadJob dead = dead(key);
                // A 550 is the same on every attempt: retrying would only put the failure off for hours.
                assertThat(dead.attempts()).isEqualTo(1);
                assertThat(dead.lastError()).isEqualTo(
                        "SMTP: not to gone@example.com (550 5.1.1 <gone@example.com>: mailbox unavailable), "
                        + "gone.too@example.com (550 5.1.1 <gone.too@example.com>: mailbox unavailable)");
                assertThat(smtp.delivered()).isEmpty();
            }
        }
    }

    @Test
    void serverRefusesOneRecipientForGood_andPutsOffAnother_theOtherIsTriedAgainAlone_andTheDeliveryKeepsNamingTheRefused()
            throws Exception {
        final String key = "notify:" + UUID.randomUUID();
        try (RefusingSmtpServer smtp = new RefusingSmtpServer("gone")) {
            smtp.greylist("later", 2);
            smtp.pauseAt("later@example.com", 3);
            final MailOutbox outbox = outbox(smtp.port());
            try (QueueWorker worker = worker(outbox)) {
                enqueue(outbox, key, "sales@example.com, gone@example.com, later@example.com");
                // The third attempt is under way: what the delivery records is the second's failure, which
                // offered only later@example.com.
                smtp.awaitPaused(Duration.ofSeconds(20));
                assertThat(lastError(key)).isEqualTo(
                        "SMTP: not to gone@example.com (550 5.1.1 <gone@example.com>: mailbox unavailable); "
                        + "not yet to later@example.com (451 4.7.1 <later@example.com>: greylisted, try again "
                        + "later)");
                smtp.resume();

                // The others have it, and the delivery ends failed, naming the address still refused.
                assertThat(ended(key)).isEqualTo("dead");
                assertThat(smtp.delivered()).containsExactly(List.of("sales@example.com"),
                                                             List.of("later@example.com"));
                // Not offered again on the retries: the server's 550 was final.
                assertThat(smtp.offered("gone@example.com")).isEqualTo(1);
                final DeadJob dead = dead(key);
                assertThat(dead.lastError()).isEqualTo(
                        "SMTP: sent to later@example.com but not to gone@example.com "
                        + "(550 5.1.1 <gone@example.com>: mailbox unavailable)");

                // The mailbox is fixed and an operator retries: only the address it did not reach gets it.
                smtp.refuse("nobody");
                assertThat(queue.retryDead(dead.id())).isTrue();
                assertThat(ended(key)).isEqualTo("done");
                assertThat(smtp.delivered()).containsExactly(List.of("sales@example.com"),
                                                             List.of("later@example.com"),
                                                             List.of("gone@example.com"));
            }
        }
    }

    @Test
    void serverRefusesOneRecipientForGood_andPutsOffAnother_thenGoesAway_theOutagesFailuresStillNameTheRefused()
            throws Exception {
        final String key = "notify:" + UUID.randomUUID();
        try (RefusingSmtpServer smtp = new RefusingSmtpServer("gone")) {
            smtp.greylist("later");
            smtp.pauseAt("later@example.com", 1);
            final MailOutbox outbox = outbox(smtp.port());
            try (QueueWorker worker = worker(outbox)) {
                enqueue(outbox, key, "sales@example.com, gone@example.com, later@example.com");
                smtp.awaitPaused(Duration.ofSeconds(20));
                // The first attempt finishes on its open connection; the retries find no server.
                smtp.close();
                smtp.resume();

                assertThat(ended(key)).isEqualTo("dead");
                assertThat(smtp.delivered()).containsExactly(List.of("sales@example.com"));
                assertThat(dead(key).lastError())
                        .startsWith("SMTP: ")
                        .endsWith("; not to gone@example.com (550 5.1.1 <gone@example.com>: mailbox unavailable)");
            }
        }
    }

    @Test
    void serverRefusesOurSenderForGood_theDeliveryEndsAtOnce_withTheServersReply() throws IOException {
        final String key = "notify:" + UUID.randomUUID();
        try (RefusingSmtpServer smtp = new RefusingSmtpServer("nobody")) {
            smtp.refuseSender("553 5.7.1 <no-reply@tradeloom.local>: sender address rejected",
                              Integer.MAX_VALUE);
            final MailOutbox outbox = outbox(smtp.port());
            try (QueueWorker worker = worker(outbox)) {
                enqueue(outbox, key, "sales@example.com, owner@example.com");
                assertThat(ended(key)).isEqualTo("dead");
                final DeadJob dead = dead(key);
                // The sender is refused the same way on every attempt: retrying would only put it off.
                assertThat(dead.attempts()).isEqualTo(1);
                assertThat(dead.lastError()).isEqualTo(
                        "SMTP: not to sales@example.com (553 5.7.1 <no-reply@tradeloom.local>: sender address "
                        + "rejected), owner@example.com (553 5.7.1 <no-reply@tradeloom.local>: sender address "
                        + "rejected)");
                assertThat(smtp.delivered()).isEmpty();

                // Once the server takes our sender, an operator's retry mails both.
                smtp.refuseSender("", 0);
                assertThat(queue.retryDead(dead.id())).isTrue();
                assertThat(ended(key)).isEqualTo("done");
                assertThat(smtp.delivered()).containsExactly(List.of("sales@example.com", "owner@example.com"));
            }
        }
    }

    @Test
    void serverPutsOffOurSender_theEmailIsTriedAgain_andSentOnce() throws IOException {
        final String key = "notify:" + UUID.randomUUID();
        try (RefusingSmtpServer smtp = new RefusingSmtpServer("nobody")) {
            smtp.refuseSender("451 4.3.0 <no-reply@tradeloom.local>: temporary sender lookup failure", 1);
            final MailOutbox outbox = outbox(smtp.port());
            try (QueueWorker worker = worker(outbox)) {
                enqueue(outbox, key, "sales@example.com, owner@example.com");
                assertThat(ended(key)).isEqualTo("done");
                assertThat(smtp.delivered()).containsExactly(List.of("sales@example.com", "owner@example.com"));
            }
        }
    }

    @Test
    void serverRefusesTheMessageForGoodAfterData_whileARecipientIsPutOff_theDeliveryEndsAtOnce()
            throws IOException {
        final String key = "notify:" + UUID.randomUUID();
        try (RefusingSmtpServer smtp = new RefusingSmtpServer("nobody")) {
            smtp.greylist("later");
            smtp.refuseData("554 5.7.1 message refused as spam", Integer.MAX_VALUE);
            final MailOutbox outbox = outbox(smtp.port());
            try (QueueWorker worker = worker(outbox)) {
                enqueue(outbox, key, "sales@example.com, later@example.com");
                assertThat(ended(key)).isEqualTo("dead");
                final DeadJob dead = dead(key);
                // The message would be refused for later@example.com too once the server takes the address.
                assertThat(dead.attempts()).isEqualTo(1);
                assertThat(dead.lastError()).isEqualTo(
                        "SMTP: not to sales@example.com (554 5.7.1 message refused as spam), later@example.com "
                        + "(451 4.7.1 <later@example.com>: greylisted, try again later)");
                assertThat(smtp.delivered()).isEmpty();
            }
        }
    }

    @Test
    void serverRefusesTheMessageForGoodAfterData_theDeliveryEndsAtOnce() throws IOException {
        final String key = "notify:" + UUID.randomUUID();
        try (RefusingSmtpServer smtp = new RefusingSmtpServer("nobody")) {
            smtp.refuseData("554 5.7.1 message refused as spam", Integer.MAX_VALUE);
            final MailOutbox outbox = outbox(smtp.port());
            try (QueueWorker worker = worker(outbox)) {
                enqueue(outbox, key, "sales@example.com");
                assertThat(ended(key)).isEqualTo("dead");
                final DeadJob dead = dead(key);
                assertThat(dead.attempts()).isEqualTo(1);
                assertThat(dead.lastError())
                        .isEqualTo("SMTP: not to sales@example.com (554 5.7.1 message refused as spam)");
                assertThat(smtp.delivered()).isEmpty();
            }
        }
    }

    @Test
    void serverPutsOffTheMessageAfterData_itIsTriedAgainWithoutTheRecipientRefusedForGood_andEndsNamingThem()
            throws IOException {
        final String key = "notify:" + UUID.randomUUID();
        try (RefusingSmtpServer smtp = new RefusingSmtpServer("gone")) {
            smtp.refuseData("451 4.3.0 temporary failure, try again later", 1);
            final MailOutbox outbox = outbox(smtp.port());
            try (QueueWorker worker = worker(outbox)) {
                enqueue(outbox, key, "sales@example.com, gone@example.com");
                assertThat(ended(key)).isEqualTo("dead");
                assertThat(smtp.delivered()).containsExactly(List.of("sales@example.com"));
                assertThat(smtp.offered("gone@example.com")).isEqualTo(1);
                assertThat(dead(key).lastError()).isEqualTo(
                        "SMTP: sent to sales@example.com but not to gone@example.com "
                        + "(550 5.1.1 <gone@example.com>: mailbox unavailable)");
            }
        }
    }

    @Test
    void serverClosesTheConnectionWith421AfterData_theEmailIsTriedAgain_andSentOnce() throws IOException {
        final String key = "notify:" + UUID.randomUUID();
        try (RefusingSmtpServer smtp = new RefusingSmtpServer("nobody")) {
            smtp.refuseData("421 4.3.2 service shutting down", 1);
            final MailOutbox outbox = outbox(smtp.port());
            try (QueueWorker worker = worker(outbox)) {
                enqueue(outbox, key, "sales@example.com, owner@example.com");
                assertThat(ended(key)).isEqualTo("done");
                assertThat(smtp.delivered()).containsExactly(List.of("sales@example.com", "owner@example.com"));
            }
        }
    }

    @Test
    void anAddressThatCannotBeParsed_endsTheDeliveryAtOnce_ratherThanRetryingForHours() throws IOException {
        final String key = "notify:" + UUID.randomUUID();
        try (RefusingSmtpServer smtp = new RefusingSmtpServer("nobody")) {
            final MailOutbox outbox = outbox(smtp.port());
            try (QueueWorker worker = worker(outbox)) {
                db.transactor().inSystem(h -> {
                    outbox.enqueue(h, key, new MailRequest("sales@example.com, <broken", "verify_email", "en",
                                                           Map.of("displayName", "Ravi", "link", "https://t/v")));
                    return null;
                });
                Eventually.await(Duration.ofSeconds(20), "the delivery given up",
                                 () -> "dead".equals(queue.state(MailOutbox.QUEUE, key)));
                final DeadJob dead = queue.listDead(MailOutbox.QUEUE, null, null, 100).stream()
                                          .filter(job -> job.dedupKey().equals(key)).findFirst().orElseThrow();
                assertThat(dead.attempts()).isEqualTo(1);
                assertThat(dead.lastError()).contains("<broken");
                assertThat(smtp.delivered()).isEmpty();
            }
        }
    }

    private static void enqueue(MailOutbox outbox, String key, String to) {
        db.transactor().inSystem(h -> {
            outbox.enqueue(h, key, new MailRequest(to, "verify_email", "en",
                                                   Map.of("displayName", "Ravi", "link", "https://t/v")));
            return null;
        });
    }

    /** Waits for the delivery {@code key} to end, done or dead, and returns which. */
    private static String ended(String key) {
        Eventually.await(Duration.ofSeconds(20), "the delivery ended", () -> {
            final String state = queue.state(MailOutbox.QUEUE, key);
            return "done".equals(state) || "dead".equals(state);
        });
        return queue.state(MailOutbox.QUEUE, key);
    }

    /** The failure the delivery {@code key} recorded last, whatever its state. */
    private static String lastError(String key) {
        return db.jdbi().withHandle(h -> h.createQuery(
                "select last_error from jobs where queue = :queue and dedup_key = :key")
                .bind("queue", MailOutbox.QUEUE).bind("key", key).mapTo(String.class).one());
    }

    private static DeadJob dead(String key) {
        return queue.listDead(MailOutbox.QUEUE, null, null, 100).stream()
                    .filter(job -> job.dedupKey().equals(key)).findFirst().orElseThrow();
    }

    /** A worker running {@code outbox}'s deliveries. */
    private static QueueWorker worker(MailOutbox outbox) {
        return QueueWorker.start(db, Map.of(MailOutbox.QUEUE, outbox.handler()), FAST, new SimpleMeterRegistry());
    }

    private static MailOutbox outbox(int port) {
        final MailConfig config = new MailConfig("127.0.0.1", port, "", "", false,
                                                 "Tradeloom <no-reply@tradeloom.local>", "http://localhost:8080");
        return new MailOutbox(queue, new MailTemplates(), new Mailer(config));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
