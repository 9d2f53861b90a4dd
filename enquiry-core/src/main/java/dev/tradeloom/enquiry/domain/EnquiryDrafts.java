package dev.tradeloom.enquiry.domain;

import java.util.ArrayList;
import java.util.List;

import dev.tradeloom.enquiry.store.EnquiryRow;
import dev.tradeloom.platform.error.FieldViolation;
import dev.tradeloom.platform.error.InvalidArgumentException;

/** What an enquiry must hold before it is sent: a message, and a guest's name and email address. */
final class EnquiryDrafts {
    private static final String GUEST_REQUIRED = "is required for guests (or sign in)";

    private EnquiryDrafts() {}

    /** Throws INVALID_ARGUMENT, with every field that is missing, when {@code draft} cannot be sent. */
    static void check(Sender sender, EnquiryRow draft) {
        final List<FieldViolation> violations = new ArrayList<>();
        if (absent(draft.message())) {
            violations.add(new FieldViolation("enquiry.message", "is required"));
        }
        if (sender.isGuest()) {
            if (absent(draft.contactName())) {
                violations.add(new FieldViolation("enquiry.contact.name", GUEST_REQUIRED));
            }
            if (absent(draft.contactEmail())) {
                violations.add(new FieldViolation("enquiry.contact.email", GUEST_REQUIRED));
            }
        }
        if (!violations.isEmpty()) {
            throw new InvalidArgumentException(violations);
        }
    }

    /**
     * Whether nothing is left of {@code value} once trimmed as it is stored: {@link String#trim} drops every
     * character up to U+0020, control characters included, which {@link String#isBlank} keeps.
     */
    static boolean absent(String value) {
        return value.trim().isBlank();
    }
}
