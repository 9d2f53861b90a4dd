package dev.tradeloom.tenant;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.tradeloom.platform.config.Env;
import dev.tradeloom.platform.crypto.SecretBox;
import dev.tradeloom.platform.db.DatabaseConfig;
import dev.tradeloom.platform.logging.LogFormat;
import dev.tradeloom.platform.mail.MailConfig;
import dev.tradeloom.platform.queue.QueueWorkerSettings;
import dev.tradeloom.tenant.domain.AccountSecrets;
import dev.tradeloom.tenant.domain.PasswordHasher;

/**
 * tenant-core settings, read once at start from the environment.
 *
 * @param port            {@code TENANT_CORE_PORT}, default 9101
 * @param database        see {@link DatabaseConfig#fromEnv}
 * @param mail            see {@link MailConfig#fromEnv}
 * @param jobs            the outbox worker, see {@link QueueWorkerSettings#fromEnv}
 * @param accessTokenTtl  {@code ACCESS_TOKEN_TTL}, default 15m
 * @param refreshTokenTtl {@code REFRESH_TOKEN_TTL}, default 30d
 * @param passwords       {@code PASSWORD_ARGON2_MEMORY_KIB} (65536), {@code PASSWORD_ARGON2_ITERATIONS} (3),
 *                        {@code PASSWORD_ARGON2_PARALLELISM} (1)
 * @param accountSecrets  {@code ACCOUNT_SECRET_KEY}, required: 32 random bytes in base64 sealing users' TOTP
 *                        secrets and the signing keys at rest; they open only with it, so it is kept and shared
 *                        by every replica
 * @param signingKeyRotation {@code SIGNING_KEY_ROTATION}, default 30d, at least 1h: how long a signing key
 *                        signs before a new one takes over
 * @param platformAdminEmails {@code PLATFORM_ADMIN_EMAILS}, comma-separated, default none: the accounts
 *                        that are platform operators once their address is verified; held in lower case
 */
public record TenantCoreConfig(int port, DatabaseConfig database, MailConfig mail, QueueWorkerSettings jobs,
                               Duration accessTokenTtl,
                               Duration refreshTokenTtl, PasswordHasher.Params passwords,
                               SecretBox accountSecrets, Duration signingKeyRotation,
                               Set<String> platformAdminEmails) {

    public static final String SCHEMA = "tenant";
    public static final String PLATFORM_ADMIN_EMAILS = "PLATFORM_ADMIN_EMAILS";
    private static final Duration MIN_ROTATION = Duration.ofHours(1);
    /** The address rule of protovalidate's {@code string.email}, which registration applies. */
    private static final Pattern EMAIL = Pattern.compile(
            "^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?"
            + "(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$");

    public TenantCoreConfig {
        requireNonNull(accountSecrets, "accountSecrets");
        // Addresses compare case-insensitively, as the users' unique index does.
        platformAdminEmails = requireNonNull(platformAdminEmails, "platformAdminEmails")
                .stream().map(email -> email.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        if (signingKeyRotation.compareTo(MIN_ROTATION) < 0) {
            throw new IllegalArgumentException(
                    "SIGNING_KEY_ROTATION: " + signingKeyRotation + " (expected: at least 1h)");
        }
    }

    /** Settings with the default signing-key rotation (30 days) and no platform operators. */
    public TenantCoreConfig(int port, DatabaseConfig database, MailConfig mail, QueueWorkerSettings jobs,
                            Duration accessTokenTtl, Duration refreshTokenTtl, PasswordHasher.Params passwords,
                            SecretBox accountSecrets) {
        this(port, database, mail, jobs, accessTokenTtl, refreshTokenTtl, passwords, accountSecrets,
             Duration.ofDays(30), Set.of());
    }

    /** Reads and validates every setting; throws listing all problems at once. */
    public static TenantCoreConfig fromEnv(Env env) {
        final var config = new TenantCoreConfig(
                env.integer("TENANT_CORE_PORT", 9101, 0, 65535),
                DatabaseConfig.fromEnv(env, SCHEMA),
                MailConfig.fromEnv(env),
                QueueWorkerSettings.fromEnv(env),
                env.duration("ACCESS_TOKEN_TTL", Duration.ofMinutes(15)),
                env.duration("REFRESH_TOKEN_TTL", Duration.ofDays(30)),
                new PasswordHasher.Params(env.integer("PASSWORD_ARGON2_MEMORY_KIB", 65536, 1024, 4 * 1024 * 1024),
                                          env.integer("PASSWORD_ARGON2_ITERATIONS", 3, 1, 20),
                                          env.integer("PASSWORD_ARGON2_PARALLELISM", 1, 1, 16)),
                accountSecrets(env),
                rotation(env),
                platformAdminEmails(env));
        LogFormat.check(env);
        env.check();
        return config;
    }

    private static SecretBox accountSecrets(Env env) {
        final String key = env.optional(AccountSecrets.SECRET_KEY);
        if (key == null) {
            env.problem(AccountSecrets.SECRET_KEY + " is required but not set (expected: 32 random bytes in "
                        + "base64, such as from openssl rand -base64 32, that TOTP secrets and signing keys are "
                        + "sealed with)");
        } else {
            try {
                return SecretBox.fromBase64(AccountSecrets.SECRET_KEY, key);
            } catch (IllegalArgumentException e) {
                env.problem(e.getMessage());
            }
        }
        // Never used: the problem stops start-up at env.check().
        return SecretBox.fromBase64(AccountSecrets.SECRET_KEY, SecretBox.newKey());
    }

    private static Duration rotation(Env env) {
        final Duration rotation = env.duration("SIGNING_KEY_ROTATION", Duration.ofDays(30));
        if (rotation.compareTo(MIN_ROTATION) < 0) {
            env.problem("SIGNING_KEY_ROTATION: " + rotation + " (expected: at least 1h)");
            return MIN_ROTATION;
        }
        return rotation;
    }

    private static Set<String> platformAdminEmails(Env env) {
        final Set<String> emails = new LinkedHashSet<>();
        for (String email : env.list(PLATFORM_ADMIN_EMAILS, List.of())) {
            if (EMAIL.matcher(email).matches()) {
                emails.add(email);
            } else {
                env.problem(PLATFORM_ADMIN_EMAILS + ": '" + email + "' is not an email address (expected: "
                            + "comma-separated addresses such as ops@example.com)");
            }
        }
        return emails;
    }
}
