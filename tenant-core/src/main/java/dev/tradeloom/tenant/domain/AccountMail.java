package dev.tradeloom.tenant.domain;

import java.time.Instant;

import org.jdbi.v3.core.Handle;

import dev.tradeloom.tenant.store.UserRow;

/**
 * The emails tenant-core sends. Each call enqueues the email in the caller's transaction (the
 * outbox), so it is sent if and only if the transaction commits, and an SMTP outage delays it
 * without losing it.
 */
public interface AccountMail {
    void verifyEmail(Handle handle, UserRow user, String token);

    void passwordReset(Handle handle, UserRow user, String token);

    /** Tells the account's owner that {@code failures} wrong tries in a row paused sign-in until {@code until}. */
    void signInLocked(Handle handle, UserRow user, int failures, Instant until);

    /**
     * An invitation to join {@code tenantName} as {@code role}, sent to {@code email} in
     * {@code language}; {@code invitationId} de-duplicates it.
     */
    void invitation(Handle handle, String invitationId, String email, String language, String tenantName,
                    String role, String token);
}
