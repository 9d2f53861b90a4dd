package dev.tradeloom.tenant.domain;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import dev.tradeloom.platform.db.Transactor;
import dev.tradeloom.platform.error.UnauthenticatedException;
import dev.tradeloom.tenant.store.OneTimeTokenDao;
import dev.tradeloom.tenant.store.UserDao;
import dev.tradeloom.tenant.store.UserRow;

/** Sign-in with email and password, and the second step for accounts with TOTP. */
public final class Logins {
    static final String SECOND_FACTOR = "second_factor";
    private static final Duration CHALLENGE_TTL = Duration.ofMinutes(5);

    private final Transactor tx;
    private final PasswordHasher passwords;
    private final Sessions sessions;
    private final TwoFactor twoFactor;
    /** Checked when the email is unknown, so response time does not reveal which accounts exist. */
    private final String decoyHash;

    public Logins(Transactor tx, PasswordHasher passwords, Sessions sessions, TwoFactor twoFactor) {
        this.tx = requireNonNull(tx, "tx");
        this.passwords = requireNonNull(passwords, "passwords");
        this.sessions = requireNonNull(sessions, "sessions");
        this.twoFactor = requireNonNull(twoFactor, "twoFactor");
        decoyHash = passwords.hash("decoy password that matches nothing");
    }

    public LoginResult login(String email, String password, ClientInfo client) {
        final Optional<UserRow> found = tx.inSystem(h -> h.attach(UserDao.class).findByEmail(email));
        final boolean matches = passwords.matches(password, found.map(UserRow::passwordHash).orElse(decoyHash));
        if (found.isEmpty() || !matches) {
            throw new UnauthenticatedException("INVALID_CREDENTIALS", "The email or password is wrong.");
        }
        final UserRow user = found.get();
        return tx.inSystem(h -> {
            if (user.totpEnabled()) {
                final String challenge = SecretTokens.newToken();
                h.attach(OneTimeTokenDao.class).insert(SecretTokens.digest(challenge), user.id(), SECOND_FACTOR,
                                                      Instant.now().plus(CHALLENGE_TTL));
                return LoginResult.challenge(challenge);
            }
            return LoginResult.signedIn(sessions.open(h, user, client));
        });
    }

    /** Completes a challenged login with a TOTP code or a recovery code. */
    public IssuedTokens completeSecondFactor(String challenge, String code, ClientInfo client) {
        final byte[] digest = SecretTokens.digest(challenge);
        return tx.inSystem(h -> {
            final OneTimeTokenDao tokens = h.attach(OneTimeTokenDao.class);
            final UUID userId = tokens.peek(digest, SECOND_FACTOR).orElseThrow(
                    () -> new UnauthenticatedException("CHALLENGE_INVALID",
                                                       "The sign-in attempt expired; sign in again."));
            final UserRow user = h.attach(UserDao.class).find(userId).orElseThrow();
            if (!twoFactor.accepts(h, user, code)) {
                throw new UnauthenticatedException("INVALID_SECOND_FACTOR",
                                                   "The code is wrong or expired; try the current code.");
            }
            tokens.consume(digest, SECOND_FACTOR);
            return sessions.open(h, user, client);
        });
    }
}
