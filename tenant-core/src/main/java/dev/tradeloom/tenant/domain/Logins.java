package dev.tradeloom.tenant.domain;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import dev.tradeloom.platform.db.Transactor;
import dev.tradeloom.platform.error.UnauthenticatedException;
import dev.tradeloom.tenant.store.OneTimeTokenDao;
import dev.tradeloom.tenant.store.UserDao;
import dev.tradeloom.tenant.store.UserRow;

/**
 * Sign-in with email and password, and the second step for accounts with TOTP; wrong passwords and codes
 * count towards the address's {@link SignInLock}, whether or not an account has the address.
 */
public final class Logins {
    static final String SECOND_FACTOR = "second_factor";
    private static final Duration CHALLENGE_TTL = Duration.ofMinutes(5);
    /** Tries of one challenge: enough for typos and a code that turned over, too few to guess. */
    static final int CHALLENGE_ATTEMPTS = 5;

    private final Transactor tx;
    private final PasswordHasher passwords;
    private final Sessions sessions;
    private final TwoFactor twoFactor;
    private final SignInLock lock;
    /** Checked when the email is unknown, so response time does not reveal which accounts exist. */
    private final String decoyHash;

    public Logins(Transactor tx, PasswordHasher passwords, Sessions sessions, TwoFactor twoFactor,
                  AccountMail mail) {
        this.tx = requireNonNull(tx, "tx");
        this.passwords = requireNonNull(passwords, "passwords");
        this.sessions = requireNonNull(sessions, "sessions");
        this.twoFactor = requireNonNull(twoFactor, "twoFactor");
        lock = new SignInLock(mail);
        decoyHash = passwords.hash("decoy password that matches nothing");
    }

    public LoginResult login(String email, String password, ClientInfo client) {
        final Optional<UserRow> found = tx.inSystem(h -> {
            SignInLock.checkOpen(h, email);
            return h.attach(UserDao.class).findByEmail(email);
        });
        final boolean matches = passwords.matches(password, found.map(UserRow::passwordHash).orElse(decoyHash));
        if (found.isEmpty() || !matches) {
            tx.inSystem(h -> {
                lock.failed(h, email, found);
                return null;
            });
            throw new UnauthenticatedException("INVALID_CREDENTIALS", "The email or password is wrong.");
        }
        final UserRow user = found.get();
        return tx.inSystem(h -> {
            // The password was checked outside this transaction. A change or reset committed since refuses the
            // sign-in here; one not committed yet waits for it, then ends the session it opens.
            if (!h.attach(UserDao.class).lockPasswordHash(user.id()).map(user.passwordHash()::equals)
                  .orElse(false)) {
                throw new UnauthenticatedException("INVALID_CREDENTIALS", "The email or password is wrong.");
            }
            if (user.totpEnabled()) {
                final String challenge = SecretTokens.newToken();
                h.attach(OneTimeTokenDao.class).insert(SecretTokens.digest(challenge), user.id(), SECOND_FACTOR,
                                                      Instant.now().plus(CHALLENGE_TTL));
                return LoginResult.challenge(challenge);
            }
            SignInLock.cleared(h, email);
            return LoginResult.signedIn(sessions.open(h, user, client));
        });
    }

    /** A completed second step: the session, or why it was refused. */
    private record SecondStep(@Nullable IssuedTokens session, @Nullable UnauthenticatedException refusal) {}

    /**
     * Completes a challenged login with a TOTP code or a recovery code. Each try counts against the
     * challenge, which allows {@link #CHALLENGE_ATTEMPTS}, and holds it, so one challenge opens one session.
     */
    public IssuedTokens completeSecondFactor(String challenge, String code, ClientInfo client) {
        final byte[] digest = SecretTokens.digest(challenge);
        // A wrong code is returned, not thrown, so that the transaction commits its counted try.
        final SecondStep step = tx.inSystem(h -> {
            final OneTimeTokenDao tokens = h.attach(OneTimeTokenDao.class);
            final Optional<UUID> userId = tokens.attempt(digest, SECOND_FACTOR, CHALLENGE_ATTEMPTS);
            if (userId.isEmpty()) {
                return new SecondStep(null, new UnauthenticatedException(
                        "CHALLENGE_INVALID", "The sign-in attempt expired or had too many wrong codes; "
                                             + "sign in again."));
            }
            final UserRow user = h.attach(UserDao.class).find(userId.get()).orElseThrow();
            SignInLock.checkOpen(h, user.email());
            if (!twoFactor.accepts(h, user, code)) {
                lock.failed(h, user.email(), Optional.of(user));
                return new SecondStep(null, new UnauthenticatedException(
                        "INVALID_SECOND_FACTOR", "The code is wrong, expired or already used; try the next code."));
            }
            tokens.consume(digest, SECOND_FACTOR);
            SignInLock.cleared(h, user.email());
            return new SecondStep(sessions.open(h, user, client), null);
        });
        final @Nullable UnauthenticatedException refusal = step.refusal();
        if (refusal != null) {
            throw refusal;
        }
        return requireNonNull(step.session(), "session");
    }
}
