package dev.tradeloom.tenant.domain;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

import org.jdbi.v3.core.Handle;

import dev.tradeloom.platform.auth.Caller;
import dev.tradeloom.platform.db.Scope;
import dev.tradeloom.platform.db.Transactor;
import dev.tradeloom.platform.error.AlreadyExistsException;
import dev.tradeloom.platform.error.FailedPreconditionException;
import dev.tradeloom.platform.error.InvalidArgumentException;
import dev.tradeloom.platform.error.NotFoundException;
import dev.tradeloom.platform.id.Uuid7;
import dev.tradeloom.tenant.store.OneTimeTokenDao;
import dev.tradeloom.tenant.store.RecoveryCodeDao;
import dev.tradeloom.tenant.store.UserDao;
import dev.tradeloom.tenant.store.UserRow;

/** Accounts: registration, email verification and passwords. */
public final class Accounts {
    static final String VERIFY_EMAIL = "verify_email";
    static final String PASSWORD_RESET = "password_reset";
    private static final Duration VERIFY_TTL = Duration.ofHours(48);
    private static final Duration RESET_TTL = Duration.ofHours(1);

    private final Transactor tx;
    private final PasswordHasher passwords;
    private final AccountMail mail;
    private final PlatformAdmins admins;

    public Accounts(Transactor tx, PasswordHasher passwords, AccountMail mail, PlatformAdmins admins) {
        this.tx = requireNonNull(tx, "tx");
        this.passwords = requireNonNull(passwords, "passwords");
        this.mail = requireNonNull(mail, "mail");
        this.admins = requireNonNull(admins, "admins");
    }

    /** Creates an account and emails a verification link. */
    public UserRow register(String email, String password, String displayName, String language) {
        if (displayName.isBlank()) {
            throw InvalidArgumentException.of("display_name", "is blank (expected: the name others see)");
        }
        final String hash = passwords.hash(password);
        final UUID id = Uuid7.next();
        final String lang = language.isBlank() ? "en" : language.toLowerCase(Locale.ROOT);
        return tx.inTransaction(Scope.user(id), h -> {
            final UserDao users = h.attach(UserDao.class);
            if (!users.insert(id, email.trim(), displayName.trim(), lang, hash)) {
                throw new AlreadyExistsException("EMAIL_TAKEN",
                                                 "An account with " + email + " exists; sign in or reset the password.");
            }
            final UserRow user = users.find(id).orElseThrow();
            sendVerification(h, user);
            return user;
        });
    }

    /** Marks the email verified with the token from the link. */
    public UserRow verifyEmail(String token) {
        return tx.inSystem(h -> {
            final UUID userId = h.attach(OneTimeTokenDao.class)
                                 .consume(SecretTokens.digest(token), VERIFY_EMAIL)
                                 .orElseThrow(() -> invalidLink("verification"));
            final UserDao users = h.attach(UserDao.class);
            users.markEmailVerified(userId);
            admins.verified(h, users.find(userId).orElseThrow());
            return users.find(userId).orElseThrow();
        });
    }

    /** Sends a fresh verification link to an unverified account; silent otherwise. */
    public void resendVerification(String email) {
        tx.inSystem(h -> {
            h.attach(UserDao.class).findByEmail(email)
             .filter(user -> user.emailVerifiedAt() == null)
             .ifPresent(user -> {
                 h.attach(OneTimeTokenDao.class).invalidateAll(user.id(), VERIFY_EMAIL);
                 sendVerification(h, user);
             });
            return null;
        });
    }

    /** Emails a one-time reset link when the account exists; silent otherwise. */
    public void requestPasswordReset(String email) {
        tx.inSystem(h -> {
            h.attach(UserDao.class).findByEmail(email).ifPresent(user -> {
                final OneTimeTokenDao tokens = h.attach(OneTimeTokenDao.class);
                tokens.invalidateAll(user.id(), PASSWORD_RESET);
                final String token = SecretTokens.newToken();
                tokens.insert(SecretTokens.digest(token), user.id(), PASSWORD_RESET, Instant.now().plus(RESET_TTL));
                mail.passwordReset(h, user, token);
            });
            return null;
        });
    }

    /**
     * Sets a new password with an emailed token and ends every session of the account, with every other
     * reset link and sign-in challenge, and lifts a sign-in lock. On an address that was never verified, the
     * reset also turns two-factor sign-in off: whoever registered the address before its owner could have
     * set it up.
     */
    public void resetPassword(String token, String newPassword) {
        final String hash = passwords.hash(newPassword);
        tx.inSystem(h -> {
            final OneTimeTokenDao tokens = h.attach(OneTimeTokenDao.class);
            final UUID userId = tokens.consume(SecretTokens.digest(token), PASSWORD_RESET)
                                      .orElseThrow(() -> invalidLink("password reset"));
            final UserDao users = h.attach(UserDao.class);
            final UserRow user = users.find(userId).orElseThrow();
            if (user.emailVerifiedAt() == null) {
                users.disableTotp(userId);
                h.attach(RecoveryCodeDao.class).deleteAll(userId);
            }
            users.setPasswordHash(userId, hash);
            // Following the emailed link proves the address.
            users.markEmailVerified(userId);
            admins.verified(h, user);
            endCredentialsInFlight(tokens, userId);
            SignInLock.cleared(h, user.email());
            Sessions.endOthers(h, userId, null, "password_reset");
            return null;
        });
    }

    /** Reset links and sign-in challenges issued under the old password stop working with it. */
    private static void endCredentialsInFlight(OneTimeTokenDao tokens, UUID userId) {
        tokens.invalidateAll(userId, PASSWORD_RESET);
        tokens.invalidateAll(userId, Logins.SECOND_FACTOR);
    }

    /** Changes the password after checking the current one; other sessions end. */
    public void changePassword(Caller caller, String currentPassword, String newPassword) {
        final UserRow user = get(caller);
        if (!passwords.matches(currentPassword, user.passwordHash())) {
            throw InvalidArgumentException.of("current_password", "does not match the account's password");
        }
        final String hash = passwords.hash(newPassword);
        tx.inTransaction(Scope.user(caller.userId()), h -> {
            if (!h.attach(UserDao.class).replacePasswordHash(caller.userId(), user.passwordHash(), hash)) {
                // A reset (or another change) committed while the passwords were hashed: it stands.
                throw new FailedPreconditionException(
                        "PASSWORD_CHANGED_MEANWHILE",
                        "Your password was changed or reset while this change was made; sign in with the new "
                        + "password and try again.");
            }
            endCredentialsInFlight(h.attach(OneTimeTokenDao.class), caller.userId());
            Sessions.endOthers(h, caller.userId(), caller.sessionId(), "password_changed");
            return null;
        });
    }

    public UserRow get(Caller caller) {
        return tx.inTransaction(Scope.user(caller.userId()), h -> h.attach(UserDao.class).find(caller.userId()))
                 .orElseThrow(() -> new NotFoundException("USER_NOT_FOUND", "Your account no longer exists."));
    }

    private void sendVerification(Handle h, UserRow user) {
        final String token = SecretTokens.newToken();
        h.attach(OneTimeTokenDao.class).insert(SecretTokens.digest(token), user.id(), VERIFY_EMAIL,
                                              Instant.now().plus(VERIFY_TTL));
        mail.verifyEmail(h, user, token);
    }

    private static FailedPreconditionException invalidLink(String kind) {
        return new FailedPreconditionException(
                "TOKEN_INVALID", "This " + kind + " link is invalid, expired or already used; request a new one.");
    }
}
