package dev.tradeloom.tenant;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import com.google.rpc.RetryInfo;
import com.linecorp.armeria.client.grpc.GrpcClients;

import dev.tradeloom.platform.crypto.SecretBox;
import dev.tradeloom.platform.db.Database;
import dev.tradeloom.platform.db.DatabaseConfig;
import dev.tradeloom.platform.mail.MailConfig;
import dev.tradeloom.platform.queue.QueueWorkerSettings;
import dev.tradeloom.platform.testing.TestPostgres;
import dev.tradeloom.tenant.domain.AccountSecrets;
import dev.tradeloom.tenant.domain.PasswordHasher;
import dev.tradeloom.tenant.domain.Totp;
import dev.tradeloom.tenant.v1.AuthServiceGrpc.AuthServiceBlockingStub;
import dev.tradeloom.tenant.v1.LoginRequest;
import dev.tradeloom.tenant.v1.RegisterRequest;
import dev.tradeloom.tenant.v1.VerifyEmailRequest;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.AbstractStub;

/**
 * A running tenant-core on a fresh embedded database, wired exactly as in production, with its
 * email going to a real in-process SMTP server.
 */
public final class TenantCoreTesting implements AutoCloseable {
    /** Cheap Argon2id parameters: tests check behaviour, not hashing cost. */
    public static final PasswordHasher.Params TEST_PASSWORDS = new PasswordHasher.Params(1024, 1, 1);
    /** Ample time for a code taken in a test to reach the server's check (password hashing included). */
    private static final Duration TOTP_STEP_MARGIN = Duration.ofSeconds(5);

    /** The password {@link #signUp} gives every account. */
    public static final String PASSWORD = "correct horse battery";

    public final CapturedMail mail = new CapturedMail();
    public final TenantCoreApp app;
    public final DatabaseConfig dbConfig;
    /** {@code ACCOUNT_SECRET_KEY}: what the stored TOTP secrets and signing keys are sealed with. */
    public final String accountSecretKey;

    public TenantCoreTesting() {
        this(TestPostgres.newDatabase(TenantCoreConfig.SCHEMA));
    }

    /** On the database {@code dbConfig} names, e.g. one a test stops and restarts. */
    public TenantCoreTesting(DatabaseConfig dbConfig) {
        this(dbConfig, SecretBox.newKey());
    }

    /** On the database {@code dbConfig} names, with {@code accountSecretKey} as its ACCOUNT_SECRET_KEY. */
    public TenantCoreTesting(DatabaseConfig dbConfig, String accountSecretKey) {
        this(dbConfig, accountSecretKey, Set.of());
    }

    /** On a fresh database, with {@code platformAdminEmails} as its PLATFORM_ADMIN_EMAILS. */
    public static TenantCoreTesting withPlatformAdmins(String... platformAdminEmails) {
        return new TenantCoreTesting(TestPostgres.newDatabase(TenantCoreConfig.SCHEMA), SecretBox.newKey(),
                                     Set.of(platformAdminEmails));
    }

    /**
     * On the database {@code dbConfig} names, with {@code accountSecretKey} as its ACCOUNT_SECRET_KEY and
     * {@code platformAdminEmails} as its PLATFORM_ADMIN_EMAILS.
     */
    public TenantCoreTesting(DatabaseConfig dbConfig, String accountSecretKey,
                             Set<String> platformAdminEmails) {
        this.dbConfig = dbConfig;
        this.accountSecretKey = accountSecretKey;
        final MailConfig mailConfig = new MailConfig("127.0.0.1", mail.port(), "", "", false,
                                                     "Tradeloom <no-reply@tradeloom.local>", "http://localhost:8080");
        final QueueWorkerSettings jobs = new QueueWorkerSettings(2, 32, Duration.ofSeconds(10),
                                                                 Duration.ofMillis(500), Duration.ofMillis(100),
                                                                 Duration.ofSeconds(1));
        try {
            app = TenantCoreApp.start(new TenantCoreConfig(0, dbConfig, mailConfig, jobs, Duration.ofMinutes(15),
                                                           Duration.ofDays(30), TEST_PASSWORDS, secretBox(),
                                                           Duration.ofDays(30), platformAdminEmails));
        } catch (RuntimeException e) {
            mail.close();
            throw e;
        }
    }

    /** What the stored TOTP secrets and signing keys are sealed with. */
    public AccountSecrets accountSecrets() {
        return new AccountSecrets(secretBox());
    }

    private SecretBox secretBox() {
        return SecretBox.fromBase64(AccountSecrets.SECRET_KEY, accountSecretKey);
    }

    public Database db() {
        return app.database();
    }

    public String uri() {
        return app.uri();
    }

    public AuthServiceBlockingStub auth(@Nullable String accessToken) {
        return client(AuthServiceBlockingStub.class, accessToken);
    }

    /** A blocking stub of {@code type}, signed in with {@code accessToken} when not null. */
    public <T extends AbstractStub<T>> T client(Class<T> type, @Nullable String accessToken) {
        final var builder = GrpcClients.builder(uri());
        if (accessToken != null) {
            builder.addHeader("authorization", "Bearer " + accessToken);
        }
        return builder.build(type);
    }

    /** Registers, verifies via the emailed link and signs in; returns the access token. */
    public String signUp(String email) {
        final AuthServiceBlockingStub anonymous = auth(null);
        anonymous.register(RegisterRequest.newBuilder().setEmail(email).setPassword(PASSWORD)
                                          .setDisplayName(email.substring(0, email.indexOf('@'))).build());
        anonymous.verifyEmail(VerifyEmailRequest.newBuilder().setToken(mail.last("verify", email)).build());
        return anonymous.login(LoginRequest.newBuilder().setEmail(email).setPassword(PASSWORD).build())
                        .getTokens().getAccessToken();
    }

    /**
     * A code that turns TOTP on for {@code secret}: the previous time step's, still within the window, since
     * the code that turns it on is used up and a test signs in right after with the current one. Taken no later
     * than {@link #TOTP_STEP_MARGIN} before the step ends, so the server checks it in the same step: one step
     * later, the previous step's code is out of the window and the enrolment is refused.
     */
    public static String enrolmentCode(String secret) {
        final long stepMillis = Duration.ofSeconds(30).toMillis();
        final long left = stepMillis - Instant.now().toEpochMilli() % stepMillis;
        if (left < TOTP_STEP_MARGIN.toMillis()) {
            try {
                Thread.sleep(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
        return Totp.codeAt(secret, Instant.now().minusSeconds(30));
    }

    /** A fresh unique address. */
    public static String newEmail(String who) {
        return who + '-' + UUID.randomUUID() + "@example.com";
    }

    public static String reason(StatusRuntimeException e) {
        return details(e, ErrorInfo.class).getReason();
    }

    public static BadRequest badRequest(StatusRuntimeException e) {
        return details(e, BadRequest.class);
    }

    /** How long the error says to wait before retrying ({@code google.rpc.RetryInfo}). */
    public static Duration retryDelay(StatusRuntimeException e) {
        final com.google.protobuf.Duration delay = details(e, RetryInfo.class).getRetryDelay();
        return Duration.ofSeconds(delay.getSeconds(), delay.getNanos());
    }

    private static <T extends Message> T details(StatusRuntimeException e, Class<T> type) {
        final com.google.rpc.Status status = StatusProto.fromThrowable(e);
        if (status == null) {
            throw new AssertionError("no status details in " + e);
        }
        for (Any any : status.getDetailsList()) {
            if (any.is(type)) {
                try {
                    return any.unpack(type);
                } catch (InvalidProtocolBufferException ex) {
                    throw new AssertionError(ex);
                }
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " in " + status);
    }

    @Override
    public void close() {
        app.close();
        mail.close();
    }
}
