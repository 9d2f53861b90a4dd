package dev.tradeloom.enquiry.domain;

import org.jspecify.annotations.Nullable;

/** The signed-in caller's account, as tenant-core knows it; enquiry-core keeps no copy. */
public interface Accounts {
    /**
     * The current caller's name and email address, and whether the address is verified now, asked as the
     * current caller; null when tenant-core cannot answer now, so that an enquiry is taken without them
     * rather than refused during its outage.
     */
    @Nullable Contact current();

    /** How to reach an account's holder; {@code emailVerified} as the account stands, not as a token said. */
    record Contact(String name, String email, boolean emailVerified) {}
}
