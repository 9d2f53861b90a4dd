package dev.tradeloom.enquiry.domain;

import static java.util.Objects.requireNonNull;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * Who sends an enquiry: a signed-in user, whose account's email address is verified or not yet, or a
 * guest (no user id); and the client address the edge saw, which the guest limits count.
 */
public record Sender(@Nullable UUID userId, boolean verified, String clientAddress) {
    public Sender {
        requireNonNull(clientAddress, "clientAddress");
    }

    /** A guest. */
    public static Sender guest(String clientAddress) {
        return new Sender(null, false, clientAddress);
    }

    public boolean isGuest() {
        return userId == null;
    }

    /**
     * Whether the guest limits hold this sender: a guest, or an account whose email address is not verified,
     * which anyone could have registered to send more than a guest may.
     */
    public boolean isLimitedAsGuest() {
        return !verified;
    }

    /** The same signed-in sender, whose address its account shows verified since its token was issued. */
    Sender verifiedSince() {
        return new Sender(requireNonNull(userId, "userId"), true, clientAddress);
    }
}
