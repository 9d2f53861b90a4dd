package dev.tradeloom.enquiry.domain;

/**
 * How many enquiries a guest may send per UTC day, per email address and per client address (for IPv6,
 * per /64: see {@link ClientNetwork}). Offices share an address, so its limit is usually the larger one.
 */
public record GuestLimits(int perEmailPerDay, int perAddressPerDay) {
    public GuestLimits {
        if (perEmailPerDay < 1 || perAddressPerDay < 1) {
            throw new IllegalArgumentException("guest limits: " + perEmailPerDay + '/' + perAddressPerDay
                                               + " (expected: >= 1)");
        }
    }
}
