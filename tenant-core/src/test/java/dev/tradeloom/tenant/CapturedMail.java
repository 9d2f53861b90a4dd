package dev.tradeloom.tenant;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import dev.tradeloom.platform.testing.Eventually;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

/** A real SMTP server that keeps what tenant-core sends, and reads the tokens out of the links. */
public final class CapturedMail implements AutoCloseable {
    private static final Map<String, String> PATHS = Map.of("verify", "/v1/auth/verify-email",
                                                            "reset", "/reset-password",
                                                            "invitation", "/invitations/accept");

    private final GreenMail smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));

    public CapturedMail() {
        smtp.start();
    }

    public int port() {
        return smtp.getSmtp().getPort();
    }

    /** The token of the newest {@code kind} email (verify, reset, invitation) to {@code to}; waits for it. */
    public String last(String kind, String to) {
        final Pattern link = Pattern.compile(Pattern.quote(PATHS.get(kind)) + "\\?token=([^\\s]+)");
        final String[] token = new String[1];
        Eventually.await(Duration.ofSeconds(20), kind + " email to " + to, () -> {
            final MimeMessage[] messages = smtp.getReceivedMessages();
            for (int i = messages.length - 1; i >= 0; i--) {
                final Matcher matcher = link.matcher(body(messages[i]));
                if (sentTo(messages[i], to) && matcher.find()) {
                    token[0] = URLDecoder.decode(matcher.group(1), StandardCharsets.UTF_8);
                    return true;
                }
            }
            return false;
        });
        return token[0];
    }

    /** How many messages reached {@code to}. */
    public long count(String to) {
        long count = 0;
        for (MimeMessage message : smtp.getReceivedMessages()) {
            count += sentTo(message, to) ? 1 : 0;
        }
        return count;
    }

    /** Subject and body of the newest message to {@code to}. */
    public String[] newest(String to) {
        final MimeMessage[] messages = smtp.getReceivedMessages();
        for (int i = messages.length - 1; i >= 0; i--) {
            if (sentTo(messages[i], to)) {
                try {
                    return new String[] { messages[i].getSubject(), body(messages[i]) };
                } catch (MessagingException e) {
                    throw new AssertionError(e);
                }
            }
        }
        throw new AssertionError("no message to " + to);
    }

    private static boolean sentTo(MimeMessage message, String to) {
        try {
            for (Address address : message.getAllRecipients()) {
                if (address.toString().equalsIgnoreCase(to)) {
                    return true;
                }
            }
            return false;
        } catch (MessagingException e) {
            throw new AssertionError(e);
        }
    }

    private static String body(MimeMessage message) {
        try {
            return String.valueOf(message.getContent());
        } catch (IOException | MessagingException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        smtp.stop();
    }
}
