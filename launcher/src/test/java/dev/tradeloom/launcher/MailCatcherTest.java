package dev.tradeloom.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.tradeloom.launcher.MailCatcher.CaughtMail;
import dev.tradeloom.platform.mail.Email;
import dev.tradeloom.platform.mail.MailConfig;
import dev.tradeloom.platform.mail.Mailer;
import dev.tradeloom.platform.testing.Eventually;

/** The mail catcher shows each message once, however many addresses it went to. */
class MailCatcherTest {
    @Test
    void messageToTwoAddresses_isShownOnce_withBoth() throws Exception {
        try (MailCatcher catcher = MailCatcher.start(0);
             Mailer mailer = new Mailer(new MailConfig("127.0.0.1", catcher.smtpPort(), "", "", false,
                                                       "Tradeloom <no-reply@tradeloom.local>",
                                                       "http://localhost:8080"))) {
            mailer.send(new Email("sales@example.com, owner@example.com", "New enquiry", "50 sarees"));
            mailer.send(new Email("ravi@example.com", "Verify your email", "Open the link"));

            Eventually.await(Duration.ofSeconds(30), "both messages", () -> catcher.messages().size() >= 2);
            assertThat(catcher.messages()).extracting(CaughtMail::to, CaughtMail::subject).containsExactly(
                    tuple("sales@example.com, owner@example.com", "New enquiry"),
                    tuple("ravi@example.com", "Verify your email"));
        }
    }

    @Test
    void messagesAreListedAndPrintedOnce_inTheOrderTheyArrived_whateverTheirMailboxes() throws Exception {
        final PrintStream console = System.out;
        final ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (MailCatcher catcher = MailCatcher.start(0);
             Mailer mailer = new Mailer(new MailConfig("127.0.0.1", catcher.smtpPort(), "", "", false,
                                                       "Tradeloom <no-reply@tradeloom.local>",
                                                       "http://localhost:8080"))) {
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            final List<String> to = List.of("zed@example.com", "amy@example.com", "moe@example.com",
                                            "amy@example.com");
            for (int i = 0; i < to.size(); i++) {
                mailer.send(new Email(to.get(i), "Message " + i, "Body " + i));
                final int sent = i + 1;
                Eventually.await(Duration.ofSeconds(30), "message " + i, () -> catcher.messages().size() == sent);
                catcher.printNewMessages();
            }
            assertThat(catcher.messages()).extracting(CaughtMail::subject)
                                          .containsExactly("Message 0", "Message 1", "Message 2", "Message 3");
        } finally {
            System.setOut(console);
        }
        final String console0 = printed.toString(StandardCharsets.UTF_8);
        assertThat(console0.split("\\[mail\\]", -1)).hasSize(5);
        assertThat(console0.indexOf("Message 0")).isLessThan(console0.indexOf("Message 1"));
        assertThat(console0.indexOf("Message 2")).isLessThan(console0.indexOf("Message 3"));
    }
}
