package dev.tradeloom.launcher;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
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
    /** Each message by Message-ID, in the order first seen. */
    private final Map<String, CaughtMail> caught = new LinkedHashMap<>();
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
     * Every message received so far, oldest first, once each. The server keeps a copy in the mailbox of each
     * recipient (the copies share their Message-ID) and lists them mailbox by mailbox, not as they arrived:
     * so messages are kept here in the order first seen, those first seen together by their Date header.
     */
    synchronized List<CaughtMail> messages() {
        final List<MimeMessage> fresh = new ArrayList<>();
        final Set<String> freshIds = new HashSet<>();
        for (MimeMessage message : greenMail.getReceivedMessages()) {
            final String id = idOf(message);
            if (id != null && !caught.containsKey(id) && freshIds.add(id)) {
                fresh.add(message);
            }
        }
        fresh.sort(Comparator.comparing(MailCatcher::sentAt));
        for (MimeMessage message : fresh) {
            try {
                caught.put(idOf(message), new CaughtMail(String.join(", ", addresses(message)), message.getSubject(),
                                                         String.valueOf(message.getContent()).trim()));
            } catch (MessagingException | IOException e) {
                logger.warn("Unreadable caught message", e);
            }
        }
        return List.copyOf(caught.values());
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

    private static @Nullable String idOf(MimeMessage message) {
        try {
            return message.getMessageID();
        } catch (MessagingException e) {
            logger.warn("Unreadable caught message", e);
            return null;
        }
    }

    private static Instant sentAt(MimeMessage message) {
        try {
            final Date sent = message.getSentDate();
            return sent == null ? Instant.MAX : sent.toInstant();
        } catch (MessagingException e) {
            return Instant.MAX;
        }
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
