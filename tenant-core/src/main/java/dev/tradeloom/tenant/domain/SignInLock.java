package dev.tradeloom.tenant.domain;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import org.jdbi.v3.core.Handle;

import dev.tradeloom.platform.error.ResourceExhaustedException;
import dev.tradeloom.tenant.store.SignInFailureDao;
import dev.tradeloom.tenant.store.UserRow;

/**
 * Sign-in guesses per email address: {@link #FAILURES} wrong passwords or second-factor codes in a row lock
 * sign-in with the address for {@link #LOCK}, wherever the guesses come from, and the account's owner is
 * emailed. Addresses without an account are counted and locked alike, so that the lock does not reveal
 * which addresses have one. The owner can still reset the password, which lifts the lock; a successful
 * sign-in starts the count again, and so does a failure a day ({@link #FORGET}) after the last one.
 */
final class SignInLock {
    static final int FAILURES = 10;
    static final Duration LOCK = Duration.ofMinutes(15);
    static final Duration FORGET = Duration.ofDays(1);
    /** Forgotten runs deleted with each failure counted: more than one, so deletion outpaces new rows. */
    private static final int FORGET_BATCH = 10;

    private final AccountMail mail;

    SignInLock(AccountMail mail) {
        this.mail = requireNonNull(mail, "mail");
    }

    /** Refuses while sign-in with the address is locked, whether or not the password given is right. */
    static void checkOpen(Handle h, String email) {
        final Optional<Instant> until = h.attach(SignInFailureDao.class).lockedUntil(email);
        if (until.isPresent()) {
            throw new ResourceExhaustedException("SIGN_IN_LOCKED", "Too many failed sign-ins for this account; "
                    + "try again after " + until.get().truncatedTo(ChronoUnit.SECONDS) + " or reset the password.",
                    Duration.between(Instant.now(), until.get()));
        }
    }

    /**
     * Counts a wrong password or code for the address; the one that locks sign-in emails the owner of the
     * account, when there is one.
     */
    void failed(Handle h, String email, Optional<UserRow> account) {
        final SignInFailureDao failures = h.attach(SignInFailureDao.class);
        failures.forgetStale(FORGET, FORGET_BATCH);
        failures.count(email, FAILURES, LOCK, FORGET)
                .ifPresent(until -> account.ifPresent(user -> mail.signInLocked(h, user, FAILURES, until)));
    }

    static void cleared(Handle h, String email) {
        h.attach(SignInFailureDao.class).clear(email);
    }
}
