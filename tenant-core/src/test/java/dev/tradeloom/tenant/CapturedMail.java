package dev.tradeloom.tenant;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import dev.tradeloom.platform.testing.Eventually;
import jakarta.mail.Address;
import jakarta.mail.Message;
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
            final List<MimeMessage> messages = mailbox(to);
            for (int i = messages.size() - 1; i >= 0; i--) {
                final Matcher matcher = link.matcher(body(messages.get(i)));
                if (matcher.find()) {
                    token[0] = URLDecoder.decode(matcher.group(1), StandardCharsets.UTF_8);
                    return true;
                }
            }
            return false;
        });
        return token[0];
    }

    /** How many messages reached {@code to}'s mailbox. */
    public long count(String to) {
        return mailbox(to).size();
    }

    /** Subject, body and recipients ({@code To}) of the newest message in {@code to}'s mailbox. */
    public String[] newest(String to) {
        final List<MimeMessage> messages = mailbox(to);
        if (messages.isEmpty()) {
            throw new AssertionError("no message to " + to);
        }
        final MimeMessage newest = messages.get(messages.size() - 1);
        try {
            return new String[] { newest.getSubject(), body(newest),
                                  Arrays.stream(newest.getRecipients(Message.RecipientType.TO))
                                        .map(Address::toString).collect(Collectors.joining(", ")) };
        } catch (MessagingException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * The messages delivered to {@code to}, oldest first: its own copies, whoever else a message was
     * addressed to.
     */
    private List<MimeMessage> mailbox(String to) {
        return smtp.findReceivedMessages(user -> user.getEmail().equalsIgnoreCase(to), message -> true)
                   .toList();
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
