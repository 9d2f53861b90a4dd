package dev.tradeloom.platform.mail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.jspecify.annotations.Nullable;

import dev.tradeloom.platform.mail.MailJob.Refusal;
import dev.tradeloom.platform.queue.JobFailure;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

/** What a mail job ends with when the SMTP server refused its email: tried again, or failed for good. */
final class SmtpRefusal {
    private SmtpRefusal() {}

    /**
     * An email the server refused, for some of its recipients or all, judged recipient by recipient by the
     * SMTP reply each got (RFC 5321 4.2.1): a 5xx is a refusal for good (no such mailbox), a 4xx one for now
     * (greylisting, too many recipients at once, a full queue). A reply to the transaction itself, to
     * {@code MAIL FROM} (our sender refused) or to the message after {@code DATA}, stands for every recipient
     * it kept from the email; a 5xx there fails the whole email for good, as no attempt would fare better.
     * The email is tried again while some recipients were refused only for now, and ends when only
     * recipients refused for good are left. Either way the job is left addressed to those it still owes, so
     * no retry, automatic or an operator's once the addresses are fixed, mails anyone twice; recipients
     * refused for good while others are tried again are kept in the job ({@link MailJob#refused}) and named
     * in every failure it records, until the delivery ends failed addressed to them. A failure no reply
     * explains (the connection was lost before any) is tried again whole, as an outage is.
     */
    static JobFailure judged(SendFailedException e, MailJob mail) {
        final List<Address> sent = list(e.getValidSentAddresses());
        final Map<Address, Reply> replies = new LinkedHashMap<>();
        for (Exception next = e.getNextException(); next != null;
             next = next instanceof MessagingException m ? m.getNextException() : null) {
            if (next instanceof SMTPAddressFailedException refusal) {
                replies.putIfAbsent(refusal.getAddress(),
                                    new Reply(refusal.getReturnCode(), refusal.getMessage()));
            }
        }
        final @Nullable Reply toTransaction = replyToTransaction(e);
        if (sent.isEmpty() && replies.isEmpty() && toTransaction == null) {
            return outage(e, mail);
        }
        final boolean refusedForGood = toTransaction != null && toTransaction.permanent();
        final Map<Address, Reply> forGood = new LinkedHashMap<>();
        final Map<Address, Reply> forNow = new LinkedHashMap<>();
        for (Address address : unsent(e, mail, sent)) {
            Reply reply = replies.getOrDefault(address, toTransaction);
            if (reply == null) {
                // No reply of its own (the connection dropped, say): as an outage, tried again.
                reply = new Reply(-1, e.getMessage());
            }
            if (refusedForGood || reply.permanent()) {
                forGood.putIfAbsent(address, reply);
            } else {
                forNow.putIfAbsent(address, reply);
            }
        }

        final List<Refusal> refused = new ArrayList<>(mail.refused());
        forGood.forEach((address, reply) -> refused.add(new Refusal(address.toString(), reply.toString())));
        final String reason = reason(sent, refused, forNow);
        if (forNow.isEmpty()) {
            final JobFailure failure = JobFailure.permanent(reason);
            if (sent.isEmpty() && mail.refused().isEmpty()) {
                return failure;
            }
            return failure.leaving(MailOutbox.json(mail.addressedTo(addresses(refused), List.of())));
        }
        final JobFailure retry = JobFailure.retry(reason, e);
        if (sent.isEmpty() && forGood.isEmpty()) {
            return retry;
        }
        return retry.leaving(MailOutbox.json(mail.addressedTo(join(forNow.keySet()), refused)));
    }

    /**
     * A failure no reply explains (the server unreachable, a timeout, the connection lost): the email is
     * tried again whole, as in an outage, its failure still naming the recipients refused for good before.
     */
    static JobFailure outage(MessagingException e, MailJob mail) {
        final String reason = "SMTP: " + e.getMessage();
        return JobFailure.retry(mail.refused().isEmpty() ? reason : reason + "; " + notTo(mail.refused()), e);
    }

    /**
     * The failure of a delivery whose email reached everyone it was last addressed to, when an earlier
     * attempt's server refused others for good; null when none was.
     */
    static @Nullable JobFailure refusedEarlier(MailJob mail) {
        if (mail.refused().isEmpty()) {
            return null;
        }
        return JobFailure.permanent("SMTP: sent to " + mail.to() + " but " + notTo(mail.refused()))
                         .leaving(MailOutbox.json(mail.addressedTo(addresses(mail.refused()), List.of())));
    }

    private static String reason(List<Address> sent, List<Refusal> refused, Map<Address, Reply> forNow) {
        final StringBuilder reason = new StringBuilder("SMTP: ");
        if (!sent.isEmpty()) {
            reason.append("sent to ").append(join(sent)).append(" but ");
        }
        if (!refused.isEmpty()) {
            reason.append(notTo(refused));
        }
        if (!forNow.isEmpty()) {
            reason.append(refused.isEmpty() ? "" : "; ").append("not yet to ").append(described(forNow));
        }
        return reason.toString();
    }

    /**
     * The recipients this attempt did not reach: those the exception names, or, when the server refused
     * the transaction before any recipient was offered ({@code MAIL FROM}), every one the email was for.
     */
    private static List<Address> unsent(SendFailedException e, MailJob mail, List<Address> sent) {
        final List<Address> unsent = new ArrayList<>(list(e.getInvalidAddresses()));
        unsent.addAll(list(e.getValidUnsentAddresses()));
        if (!unsent.isEmpty() || !sent.isEmpty()) {
            return unsent;
        }
        try {
            return Arrays.asList(InternetAddress.parse(mail.to()));
        } catch (AddressException unparsable) {
            // Sending parsed the same text, so this cannot happen.
            throw new IllegalStateException("Sent to '" + mail.to() + "', which no longer parses", unparsable);
        }
    }

    /**
     * The server's reply refusing the mail transaction itself: our sender at {@code MAIL FROM}, or the
     * message after {@code DATA} (or the connection lost meanwhile, as {@code -1}). It stands for every
     * recipient the failure kept from the email. Null when the failure came at a recipient or the message
     * was accepted.
     */
    private static @Nullable Reply replyToTransaction(SendFailedException e) {
        if (!(e instanceof SMTPSendFailedException failed) || failed.getCommand() == null) {
            return null;
        }
        final String command = failed.getCommand().toUpperCase(Locale.ROOT);
        final boolean transaction = command.startsWith("MAIL FROM") || "DATA".equals(command)
                                    || ".".equals(command) || command.startsWith("BDAT");
        final int code = failed.getReturnCode();
        return transaction && code / 100 != 2 ? new Reply(code, failed.getMessage()) : null;
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

    private static String notTo(List<Refusal> refused) {
        return "not to " + refused.stream().map(r -> r.address() + " (" + r.reply() + ')')
                                  .collect(Collectors.joining(", "));
    }

    private static String described(Map<Address, Reply> replies) {
        return replies.entrySet().stream().map(r -> r.getKey() + " (" + r.getValue() + ')')
                      .collect(Collectors.joining(", "));
    }

    private static String addresses(List<Refusal> refused) {
        return refused.stream().map(Refusal::address).collect(Collectors.joining(", "));
    }

    private static List<Address> list(Address @Nullable [] addresses) {
        return addresses == null ? List.of() : Arrays.asList(addresses);
    }

    private static String join(Iterable<Address> addresses) {
        final List<String> text = new ArrayList<>();
        addresses.forEach(address -> text.add(address.toString()));
        return String.join(", ", text);
    }
}
