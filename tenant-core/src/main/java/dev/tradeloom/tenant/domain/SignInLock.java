package dev.tradeloom.tenant.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;

import org.jdbi.v3.core.Handle;

import dev.tradeloom.platform.error.ResourceExhaustedException;
import dev.tradeloom.tenant.store.SignInFailureDao;

/**
 * Sign-in guesses per account: {@link #FAILURES} wrong passwords or second-factor codes in a row lock
 * the account's sign-in for {@link #LOCK}, wherever the guesses come from. Its owner can still reset the
 * password, which lifts the lock; a successful sign-in starts the count again.
 */
final class SignInLock {
    static final int FAILURES = 10;
    static final Duration LOCK = Duration.ofMinutes(15);

    private SignInLock() {}

    /** Refuses while the account is locked, whether or not the password given is right. */
    static void checkOpen(Handle h, UUID userId) {
        final Optional<Instant> until = h.attach(SignInFailureDao.class).lockedUntil(userId);
        if (until.isPresent()) {
            throw new ResourceExhaustedException("SIGN_IN_LOCKED", "Too many failed sign-ins for this account; "
                    + "try again after " + until.get().truncatedTo(ChronoUnit.SECONDS) + " or reset the password.");
        }
    }

    static void failed(Handle h, UUID userId) {
        h.attach(SignInFailureDao.class).count(userId, FAILURES, LOCK);
    }

    static void cleared(Handle h, UUID userId) {
        h.attach(SignInFailureDao.class).clear(userId);
    }
}
