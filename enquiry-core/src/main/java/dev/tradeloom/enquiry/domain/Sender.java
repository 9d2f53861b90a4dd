package dev.tradeloom.enquiry.domain;

import static java.util.Objects.requireNonNull;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * Who sends an enquiry: a signed-in user, or a guest (no user id), and the client address the
 * edge saw, which the guest limits count.
 */
public record Sender(@Nullable UUID userId, String clientAddress) {
    public Sender {
        requireNonNull(clientAddress, "clientAddress");
    }

    public boolean isGuest() {
        return userId == null;
    }
}
