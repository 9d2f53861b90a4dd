package dev.tradeloom.enquiry.domain;

import static dev.tradeloom.enquiry.domain.EnquiryDrafts.absent;

import java.time.Instant;

import org.jdbi.v3.core.Handle;

import dev.tradeloom.enquiry.store.GuestCountDao;
import dev.tradeloom.platform.error.ResourceExhaustedException;

/**
 * The daily {@link GuestLimits} on enquiries of senders they hold, counted in the transaction that stores the
 * enquiry, so that an enquiry over a limit rolls back with the error.
 */
final class GuestCounts {
    private final GuestLimits guestLimits;
    private final GuestCounterKeys guestKeys;

    GuestCounts(GuestLimits guestLimits, GuestCounterKeys guestKeys) {
        this.guestLimits = guestLimits;
        this.guestKeys = guestKeys;
    }

    /**
     * Counts an enquiry of a sender the guest limits hold, under its contact email address (when it has one:
     * an unverified account's may be unknown while tenant-core is down) and its network address.
     */
    void count(Handle h, String email, Sender sender) {
        final GuestCountDao counts = h.attach(GuestCountDao.class);
        final String more = sender.isGuest() ? "sign in to send more"
                                             : "verify your email address to send more";
        final int perEmail = guestLimits.perEmailPerDay();
        final int emailCount = absent(email) ? 0 : counts.increment("email", guestKeys.email(email));
        if (emailCount == 1) {
            // A new guest today: a good moment to drop counters that no longer limit anyone.
            counts.purgeOld();
        }
        // The counters are of the UTC day.
        if (emailCount > perEmail) {
            throw ResourceExhaustedException.untilTomorrow(
                    "GUEST_ENQUIRY_LIMIT",
                    "Guests may send at most " + perEmail + " enquiries a day from one email address; "
                    + more + ", or try again tomorrow.", Instant.now());
        }
        final int perAddress = guestLimits.perAddressPerDay();
        if (counts.increment("address", guestKeys.network(sender.clientAddress())) > perAddress) {
            throw ResourceExhaustedException.untilTomorrow(
                    "GUEST_ENQUIRY_LIMIT",
                    "Guests may send at most " + perAddress + " enquiries a day from one network address; "
                    + more + ", or try again tomorrow.", Instant.now());
        }
    }
}
