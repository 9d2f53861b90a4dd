package dev.tradeloom.enquiry.domain;

import java.util.Locale;
import java.util.Set;

/**
 * The mailbox an email address reaches, as guest limits count it: every spelling that delivers to one
 * mailbox is one guest. Case is ignored, and so is a {@code +tag} in the local part, which mail servers
 * drop when they deliver ({@code meera+1@example.com} and {@code meera+2@example.com} reach
 * {@code meera@example.com}); so are the dots in the local part of a Gmail address, which Google documents
 * as ignored, and {@code googlemail.com} is {@code gmail.com}. Elsewhere a dot may tell two mailboxes
 * apart, so it is kept. Only the count reads this: an enquiry keeps the address as its sender gave it.
 */
final class GuestMailbox {
    private static final String GMAIL = "gmail.com";
    private static final Set<String> GMAIL_DOMAINS = Set.of(GMAIL, "googlemail.com");

    private GuestMailbox() {}

    /** The mailbox {@code email} reaches; what is not an address counts as given, in lower case. */
    static String of(String email) {
        final String address = email.trim().toLowerCase(Locale.ROOT);
        final int at = address.lastIndexOf('@');
        if (at <= 0) {
            return address;
        }
        String local = address.substring(0, at);
        String domain = address.substring(at + 1);
        final int tag = local.indexOf('+');
        if (tag > 0) {
            local = local.substring(0, tag);
        }
        if (GMAIL_DOMAINS.contains(domain)) {
            local = local.replace(".", "");
            domain = GMAIL;
        }
        return local + '@' + domain;
    }
}
