package dev.tradeloom.tenant.domain;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;

import org.jdbi.v3.core.Handle;

import dev.tradeloom.platform.error.ResourceExhaustedException;
import dev.tradeloom.tenant.store.SignInFailureDao;
import dev.tradeloom.tenant.store.UserRow;

/**
 * Sign-in guesses per account: {@link #FAILURES} wrong passwords or second-factor codes in a row lock
 * the account's sign-in for {@link #LOCK}, wherever the guesses come from, and its owner is emailed. The
 * owner can still reset the password, which lifts the lock; a successful sign-in starts the count again.
 */
final class SignInLock {
    static final int FAILURES = 10;
    static final Duration LOCK = Duration.ofMinutes(15);

    private final AccountMail mail;

    SignInLock(AccountMail mail) {
        this.mail = requireNonNull(mail, "mail");
    }

    /** Refuses while the account is locked, whether or not the password given is right. */
    static void checkOpen(Handle h, UUID userId) {
        final Optional<Instant> until = h.attach(SignInFailureDao.class).lockedUntil(userId);
        if (until.isPresent()) {
            throw new ResourceExhaustedException("SIGN_IN_LOCKED", "Too many failed sign-ins for this account; "
                    + "try again after " + until.get().truncatedTo(ChronoUnit.SECONDS) + " or reset the password.",
                    Duration.between(Instant.now(), until.get()));
        }
    }

    /** Counts a wrong password or code; the one that locks sign-in emails the account's owner. */
    void failed(Handle h, UserRow user) {
        h.attach(SignInFailureDao.class).count(user.id(), FAILURES, LOCK)
         .ifPresent(until -> mail.signInLocked(h, user, FAILURES, until));
    }

    static void cleared(Handle h, UUID userId) {
        h.attach(SignInFailureDao.class).clear(userId);
    }
}
