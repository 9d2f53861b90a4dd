package dev.tradeloom.platform.mail;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Deque;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedDeque;

import org.eclipse.angus.mail.util.MailStreamProvider;

import jakarta.mail.Authenticator;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/**
 * Sends plain-text UTF-8 email over SMTP, with timeouts so an unreachable server fails fast.
 * Connections are kept open between emails (a few, one per concurrent sender): opening one costs a
 * TCP handshake, the greeting, EHLO and in production STARTTLS and AUTH, more than the email itself.
 * A kept connection idle for more than a few seconds is checked with NOOP before it is used again, so
 * one the server closed is replaced rather than failing the email; one used moments ago is trusted,
 * since servers close only idle connections (after minutes), and a check per email would cost a round
 * trip to the server each time. If the server went away meanwhile, the send fails and the outbox
 * retries the email.
 */
public final class Mailer implements AutoCloseable {
    /**
     * At least as many as emails sent at once (the outbox worker's {@code JOB_CONCURRENCY}), or every
     * sender beyond it would open a connection per email.
     */
    private static final int MAX_KEPT = 64;
    /** A kept connection used within this long is used again without checking it first. */
    private static final Duration TRUSTED_IDLE = Duration.ofSeconds(5);

    static {
        // Jakarta Mail 2.1 looks its stream provider up with a ServiceLoader, which scans every jar on the
        // class path, several times per message it writes or reads (jakartaee/mail-api#861) unless this
        // property names the provider. Named, the lookup is a loaded-class lookup.
        final String streamProvider = "jakarta.mail.util.StreamProvider";
        if (System.getProperty(streamProvider) == null) {
            System.setProperty(streamProvider, MailStreamProvider.class.getName());
        }
    }

    private final Session session;
    private final InternetAddress from;
    private final Deque<Kept> kept = new ConcurrentLinkedDeque<>();
    private final long trustedIdleNanos;

    /** An open connection and when it last sent an email ({@link System#nanoTime}). */
    private record Kept(Transport transport, long lastUsed) {}

    public Mailer(MailConfig config) {
        this(config, TRUSTED_IDLE);
    }

    Mailer(MailConfig config, Duration trustedIdle) {
        requireNonNull(config, "config");
        trustedIdleNanos = trustedIdle.toNanos();
        final Properties props = new Properties();
        props.put("mail.smtp.host", config.host());
        props.put("mail.smtp.port", String.valueOf(config.port()));
        props.put("mail.smtp.connectiontimeout", "5000");
        props.put("mail.smtp.timeout", "10000");
        props.put("mail.smtp.writetimeout", "10000");
        // A message to several addresses still goes to those the server accepts when it refuses one.
        props.put("mail.smtp.sendpartial", "true");
        props.put("mail.smtp.starttls.enable", String.valueOf(config.startTls()));
        props.put("mail.smtp.starttls.required", String.valueOf(config.startTls()));
        final boolean auth = !config.username().isEmpty();
        props.put("mail.smtp.auth", String.valueOf(auth));
        session = auth ? Session.getInstance(props, new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
                return new PasswordAuthentication(config.username(), config.password());
            }
        }) : Session.getInstance(props);
        try {
            from = new InternetAddress(config.from());
        } catch (MessagingException e) {
            throw new IllegalArgumentException("MAIL_FROM: '" + config.from() + "' is not an address", e);
        }
    }

    public void send(Email email) throws MessagingException {
        final MimeMessage message = new MimeMessage(session);
        message.setFrom(from);
        message.setRecipients(MimeMessage.RecipientType.TO, InternetAddress.parse(email.to()));
        message.setSubject(email.subject(), StandardCharsets.UTF_8.name());
        message.setText(email.body(), StandardCharsets.UTF_8.name());
        message.saveChanges();
        final Transport transport = connected();
        try {
            transport.sendMessage(message, message.getAllRecipients());
        } catch (MessagingException | RuntimeException e) {
            closeQuietly(transport);
            throw e;
        }
        keep(transport);
    }

    private Transport connected() throws MessagingException {
        for (Kept k = kept.pollFirst(); k != null; k = kept.pollFirst()) {
            if (System.nanoTime() - k.lastUsed() < trustedIdleNanos || k.transport().isConnected()) {
                return k.transport();
            }
            closeQuietly(k.transport());
        }
        final Transport transport = session.getTransport("smtp");
        transport.connect();
        return transport;
    }

    private void keep(Transport transport) {
        if (kept.size() < MAX_KEPT) {
            kept.offerFirst(new Kept(transport, System.nanoTime()));
        } else {
            closeQuietly(transport);
        }
    }

    /**
     * Closes the kept connections. Each holds a timer thread for its write timeout, which would keep a
     * JVM that ends by returning from main alive.
     */
    @Override
    public void close() {
        for (Kept k = kept.pollFirst(); k != null; k = kept.pollFirst()) {
            closeQuietly(k.transport());
        }
    }

    private static void closeQuietly(Transport transport) {
        try {
            transport.close();
        } catch (MessagingException e) {
            // Closing a broken connection may fail; it is gone either way.
        }
    }
}
