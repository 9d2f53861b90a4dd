package dev.tradeloom.tenant.domain;

import static java.util.Objects.requireNonNull;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

import org.jdbi.v3.core.Handle;
import org.jspecify.annotations.Nullable;

import com.google.common.io.BaseEncoding;

import dev.tradeloom.platform.auth.Caller;
import dev.tradeloom.platform.db.Scope;
import dev.tradeloom.platform.db.Transactor;
import dev.tradeloom.platform.error.FailedPreconditionException;
import dev.tradeloom.platform.error.InvalidArgumentException;
import dev.tradeloom.tenant.store.RecoveryCodeDao;
import dev.tradeloom.tenant.store.UserDao;
import dev.tradeloom.tenant.store.UserRow;

/** TOTP enrolment, recovery codes, and checking a second factor. */
public final class TwoFactor {
    private static final int RECOVERY_CODES = 10;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A started enrolment: the secret and its otpauth URI. */
    public record Enrollment(String secret, String otpauthUri) {}

    private final Transactor tx;
    private final PasswordHasher passwords;
    private final AccountSecrets secrets;

    public TwoFactor(Transactor tx, PasswordHasher passwords, AccountSecrets secrets) {
        this.tx = requireNonNull(tx, "tx");
        this.passwords = requireNonNull(passwords, "passwords");
        this.secrets = requireNonNull(secrets, "secrets");
    }

    public Enrollment begin(Caller caller) {
        return tx.inTransaction(Scope.user(caller.userId()), h -> {
            final UserRow user = h.attach(UserDao.class).find(caller.userId()).orElseThrow();
            if (user.totpEnabled()) {
                throw new FailedPreconditionException("TOTP_ALREADY_ENABLED",
                                                      "Two-factor sign-in is already on; disable it first.");
            }
            final String secret = Totp.newSecret();
            h.attach(UserDao.class).setPendingTotpSecret(user.id(), secrets.sealTotp(user.id(), secret));
            return new Enrollment(secret, Totp.otpauthUri(secret, user.email()));
        });
    }

    /**
     * Turns TOTP on when {@code password} is the account's and {@code code} proves the authenticator;
     * returns fresh recovery codes.
     */
    public List<String> confirm(Caller caller, String password, String code) {
        return tx.inTransaction(Scope.user(caller.userId()), h -> {
            final UserDao users = h.attach(UserDao.class);
            final UserRow user = users.find(caller.userId()).orElseThrow();
            checkPassword(user, password);
            final Optional<String> pending = open(user.id(), user.totpPendingSecretSealed());
            if (pending.isEmpty()) {
                throw new FailedPreconditionException("TOTP_NOT_STARTED",
                                                      "Start enrolment first (BeginTotpEnrollment).");
            }
            final OptionalLong step = Totp.matchingStep(pending.get(), code, Instant.now());
            if (step.isEmpty()) {
                throw InvalidArgumentException.of("code", "is wrong or expired; enter the current 6-digit code");
            }
            users.enableTotp(user.id());
            // Used up as a sign-in's code is: seen over a shoulder, the code that turned TOTP on opens nothing.
            users.useTotpStep(user.id(), step.getAsLong());
            return newRecoveryCodes(h, user);
        });
    }

    public void disable(Caller caller, String password) {
        tx.inTransaction(Scope.user(caller.userId()), h -> {
            final UserRow user = h.attach(UserDao.class).find(caller.userId()).orElseThrow();
            checkPassword(user, password);
            h.attach(UserDao.class).disableTotp(user.id());
            h.attach(RecoveryCodeDao.class).deleteAll(user.id());
            return null;
        });
    }

    private void checkPassword(UserRow user, String password) {
        if (!passwords.matches(password, user.passwordHash())) {
            throw InvalidArgumentException.of("password", "does not match the account's password");
        }
    }

    /**
     * Whether {@code code} is a current TOTP code not used before, or an unused recovery code; either is
     * then used up. A TOTP code is refused once it or a later one signed in, even within its window, and
     * always when the stored secret was not sealed for this user: then only a recovery code passes.
     */
    boolean accepts(Handle h, UserRow user, String code) {
        final Optional<String> secret = open(user.id(), user.totpSecretSealed());
        if (secret.isPresent()) {
            final OptionalLong step = Totp.matchingStep(secret.get(), code, Instant.now());
            if (step.isPresent()) {
                return h.attach(UserDao.class).useTotpStep(user.id(), step.getAsLong());
            }
        }
        return h.attach(RecoveryCodeDao.class).consume(user.id(), SecretTokens.digest(normalize(code)));
    }

    private Optional<String> open(UUID userId, byte @Nullable [] sealed) {
        return sealed == null ? Optional.empty() : secrets.openTotp(userId, sealed);
    }

    private static List<String> newRecoveryCodes(Handle h, UserRow user) {
        final RecoveryCodeDao dao = h.attach(RecoveryCodeDao.class);
        dao.deleteAll(user.id());
        final List<String> codes = new ArrayList<>();
        for (int i = 0; i < RECOVERY_CODES; i++) {
            final byte[] bytes = new byte[5];
            RANDOM.nextBytes(bytes);
            final String raw = BaseEncoding.base32().omitPadding().encode(bytes).toLowerCase(Locale.ROOT);
            final String code = raw.substring(0, 4) + '-' + raw.substring(4);
            dao.insert(user.id(), SecretTokens.digest(normalize(code)));
            codes.add(code);
        }
        return codes;
    }

    private static String normalize(String code) {
        return code.trim().toLowerCase(Locale.ROOT).replace("-", "").replace(" ", "");
    }
}
