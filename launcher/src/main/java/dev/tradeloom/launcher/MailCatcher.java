package dev.tradeloom.launcher;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.HttpService;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

/**
 * An SMTP server that keeps every message instead of delivering it, so a person running
 * Tradeloom locally can read verification, reset and invitation emails: on a plain-text page,
 * newest first, and as a line in the console.
 */
final class MailCatcher implements AutoCloseable {
    private static final Logger logger = LoggerFactory.getLogger(MailCatcher.class);

    private final GreenMail greenMail;
    private int printed;

    private MailCatcher(GreenMail greenMail) {
        this.greenMail = greenMail;
    }

    static MailCatcher start(int smtpPort) {
        final GreenMail greenMail = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        greenMail.start();
        return new MailCatcher(greenMail);
    }

    int smtpPort() {
        return greenMail.getSmtp().getPort();
    }

    /**
     * Every message received so far, oldest first, once each: the server keeps a copy in the mailbox of
     * each recipient, and the copies share their Message-ID.
     */
    List<CaughtMail> messages() {
        final List<CaughtMail> all = new ArrayList<>();
        final Set<String> seen = new HashSet<>();
        for (MimeMessage message : greenMail.getReceivedMessages()) {
            try {
                final String id = message.getMessageID();
                if (id != null && !seen.add(id)) {
                    continue;
                }
                all.add(new CaughtMail(String.join(", ", addresses(message)), message.getSubject(),
                                       String.valueOf(message.getContent()).trim()));
            } catch (MessagingException | IOException e) {
                logger.warn("Unreadable caught message", e);
            }
        }
        return all;
    }

    /** Prints messages that arrived since the last call, so links show up in the console. */
    synchronized void printNewMessages() {
        final List<CaughtMail> all = messages();
        for (int i = printed; i < all.size(); i++) {
            final CaughtMail mail = all.get(i);
            System.out.printf("%n[mail] to %s: %s%n%s%n", mail.to(), mail.subject(), mail.body());
        }
        printed = all.size();
    }

    /** The page at {@code /}: every caught message, newest first. */
    HttpService page() {
        return (ctx, req) -> {
            final List<CaughtMail> all = messages();
            final StringBuilder page = new StringBuilder("Tradeloom mail catcher: ")
                    .append(all.size()).append(" message(s), newest first\n\n");
            for (int i = all.size() - 1; i >= 0; i--) {
                final CaughtMail mail = all.get(i);
                page.append("To: ").append(mail.to()).append('\n')
                    .append("Subject: ").append(mail.subject()).append("\n\n")
                    .append(mail.body()).append("\n\n").append("-".repeat(72)).append("\n\n");
            }
            return HttpResponse.of(MediaType.PLAIN_TEXT_UTF_8, page.toString());
        };
    }

    private static List<String> addresses(MimeMessage message) throws MessagingException {
        final List<String> to = new ArrayList<>();
        for (var address : message.getAllRecipients()) {
            to.add(address.toString());
        }
        return to;
    }

    @Override
    public void close() {
        greenMail.stop();
    }

    /** A caught message. */
    record CaughtMail(String to, String subject, String body) {}
}
