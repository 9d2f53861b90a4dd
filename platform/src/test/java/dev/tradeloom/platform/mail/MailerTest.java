package dev.tradeloom.platform.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import jakarta.mail.MessagingException;

/** How the mailer reuses its kept SMTP connections, against a real in-process SMTP server. */
class MailerTest {
    @Test
    void keptConnection_idleLongerThanTrusted_isChecked_andReplacedWhenTheServerDroppedIt()
            throws IOException, MessagingException {
        final int port = freePort();
        GreenMail smtp = smtp(port);
        // Trusting no idle time: every kept connection is checked before it is used again.
        try (Mailer mailer = new Mailer(config(port), Duration.ZERO)) {
            mailer.send(email("first"));
            smtp = restart(smtp, port);
            mailer.send(email("second"));
            assertThat(subjects(smtp)).containsExactly("second");
        } finally {
            smtp.stop();
        }
    }

    @Test
    void keptConnection_usedMomentsAgo_isUsedWithoutACheck_soADroppedOneFailsThatEmailOnly()
            throws IOException, MessagingException {
        final int port = freePort();
        GreenMail smtp = smtp(port);
        try (Mailer mailer = new Mailer(config(port), Duration.ofHours(1))) {
            mailer.send(email("first"));
            smtp = restart(smtp, port);
            // No round trip to check it: the dropped connection fails this email (the outbox retries it)...
            assertThatThrownBy(() -> mailer.send(email("second"))).isInstanceOf(MessagingException.class);
            // ...and is not kept, so the next email opens a new one.
            mailer.send(email("third"));
            assertThat(subjects(smtp)).containsExactly("third");
        } finally {
            smtp.stop();
        }
    }

    private static GreenMail smtp(int port) {
        final GreenMail smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        return smtp;
    }

    /** Stops the server, which drops every connection, and starts a new one on the same port. */
    private static GreenMail restart(GreenMail smtp, int port) {
        smtp.stop();
        return smtp(port);
    }

    private static MailConfig config(int port) {
        return new MailConfig("127.0.0.1", port, "", "", false, "Tradeloom <no-reply@tradeloom.local>",
                              "http://localhost:8080");
    }

    private static Email email(String subject) {
        return new Email("buyer@example.com", subject, "Hello");
    }

    private static List<String> subjects(GreenMail smtp) {
        return Arrays.stream(smtp.getReceivedMessages()).map(message -> {
            try {
                return message.getSubject();
            } catch (MessagingException e) {
                throw new AssertionError(e);
            }
        }).toList();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
