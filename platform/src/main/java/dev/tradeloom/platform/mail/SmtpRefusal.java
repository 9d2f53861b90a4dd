package dev.tradeloom.platform.mail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tradeloom.platform.queue.Job;
import dev.tradeloom.platform.queue.JobFailure;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;

/** What a mail job ends with when the SMTP server refused its email: tried again, or failed for good. */
final class SmtpRefusal {
    private static final Logger logger = LoggerFactory.getLogger(SmtpRefusal.class);

    private SmtpRefusal() {}

    /**
     * An email the server refused, for some of its recipients or all, judged recipient by recipient by the
     * SMTP reply each got (RFC 5321 4.2.1): a 5xx is a refusal for good (no such mailbox), a 4xx one for now
     * (greylisting, too many recipients at once, a full queue). Recipients the server accepted at
     * {@code RCPT TO} share the reply to the message itself when it refused that after {@code DATA}.
     * The email is tried again while some recipients were refused only for now, and ends when only
     * recipients refused for good are left. Either way the job is left addressed to those it still owes, so
     * no retry, automatic or an operator's once the addresses are fixed, mails anyone twice; recipients
     * refused for good while others are tried again are dropped, and logged. A failure no recipient's reply
     * explains (the server refused our sender, say) is tried again whole, as an outage is.
     */
    static JobFailure judged(Job job, SendFailedException e, MailRequest request) {
        final List<Address> sent = list(e.getValidSentAddresses());
        final Map<Address, Reply> replies = new LinkedHashMap<>();
        for (Exception next = e.getNextException(); next != null;
             next = next instanceof MessagingException m ? m.getNextException() : null) {
            if (next instanceof SMTPAddressFailedException refusal) {
                replies.putIfAbsent(refusal.getAddress(),
                                    new Reply(refusal.getReturnCode(), refusal.getMessage()));
            }
        }
        final @Nullable Reply toMessage = replyToMessage(e);
        if (sent.isEmpty() && replies.isEmpty() && toMessage == null) {
            return JobFailure.retry("SMTP: " + e.getMessage(), e);
        }
        final Map<Address, Reply> forGood = new LinkedHashMap<>();
        final Map<Address, Reply> forNow = new LinkedHashMap<>();
        Stream.concat(list(e.getInvalidAddresses()).stream(), list(e.getValidUnsentAddresses()).stream())
              .forEach(address -> {
                  final Reply reply = replies.getOrDefault(address, toMessage);
                  if (reply != null && reply.permanent()) {
                      forGood.putIfAbsent(address, reply);
                  } else {
                      // No reply of its own (the connection dropped, say): as an outage, tried again.
                      forNow.putIfAbsent(address, reply != null ? reply : new Reply(-1, e.getMessage()));
                  }
              });

        final String reason = reason(sent, forGood, forNow);
        if (forNow.isEmpty()) {
            final JobFailure failure = JobFailure.permanent(reason);
            return sent.isEmpty() ? failure : failure.leaving(MailOutbox.json(addressedTo(forGood.keySet(), request)));
        }
        final JobFailure retry = JobFailure.retry(reason, e);
        if (sent.isEmpty() && forGood.isEmpty()) {
            return retry;
        }
        if (!forGood.isEmpty()) {
            // Later attempts are addressed to the others only, so this line is what stays of the refusal.
            logger.warn("Mail job {} ({}): {} refused for good and dropped from the email; {}", job.id(),
                        job.dedupKey(), addresses(forGood.keySet()), reason);
        }
        return retry.leaving(MailOutbox.json(addressedTo(forNow.keySet(), request)));
    }

    private static String reason(List<Address> sent, Map<Address, Reply> forGood, Map<Address, Reply> forNow) {
        final StringBuilder reason = new StringBuilder("SMTP: ");
        if (!sent.isEmpty()) {
            reason.append("sent to ").append(addresses(sent)).append(" but ");
        }
        if (!forGood.isEmpty()) {
            reason.append("not to ").append(described(forGood));
        }
        if (!forNow.isEmpty()) {
            reason.append(forGood.isEmpty() ? "" : "; ").append("not yet to ").append(described(forNow));
        }
        return reason.toString();
    }

    /**
     * The server's reply refusing the message itself after {@code DATA} (or the connection lost while
     * sending it, as {@code -1}), which stands for every recipient accepted before; null when the failure came
     * earlier or the message was accepted.
     */
    private static @Nullable Reply replyToMessage(SendFailedException e) {
        if (!(e instanceof SMTPSendFailedException failed)) {
            return null;
        }
        final String command = failed.getCommand();
        final boolean transfer = "DATA".equals(command) || ".".equals(command)
                                 || command != null && command.startsWith("BDAT");
        final int code = failed.getReturnCode();
        return transfer && code / 100 != 2 ? new Reply(code, failed.getMessage()) : null;
    }

    /** An SMTP reply ({@code -1}: none, the connection was lost) and its text. */
    private record Reply(int code, @Nullable String text) {
        boolean permanent() {
            return code >= 500 && code <= 599;
        }

        @Override
        public String toString() {
            final String line = text == null ? "" : text.strip().replaceAll("\\s*\\R\\s*", " ");
            return code < 0 || line.startsWith(String.valueOf(code)) ? line : code + " " + line;
        }
    }

    private static MailRequest addressedTo(Iterable<Address> to, MailRequest request) {
        return new MailRequest(addresses(to), request.template(), request.language(), request.variables());
    }

    private static String described(Map<Address, Reply> refused) {
        return refused.entrySet().stream().map(r -> r.getKey() + " (" + r.getValue() + ')')
                      .collect(Collectors.joining(", "));
    }

    private static List<Address> list(Address @Nullable [] addresses) {
        return addresses == null ? List.of() : Arrays.asList(addresses);
    }

    private static String addresses(Iterable<Address> addresses) {
        final List<String> text = new ArrayList<>();
        addresses.forEach(address -> text.add(address.toString()));
        return String.join(", ", text);
    }
}
