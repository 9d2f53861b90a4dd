package dev.tradeloom.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;

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

            Eventually.await(Duration.ofSeconds(10), "both messages", () -> catcher.messages().size() >= 2);
            assertThat(catcher.messages()).extracting(CaughtMail::to, CaughtMail::subject).containsExactly(
                    tuple("sales@example.com, owner@example.com", "New enquiry"),
                    tuple("ravi@example.com", "Verify your email"));
        }
    }
}
