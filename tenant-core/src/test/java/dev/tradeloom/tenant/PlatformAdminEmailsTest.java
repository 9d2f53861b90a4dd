package dev.tradeloom.tenant;

import static dev.tradeloom.tenant.TenantCoreTesting.PASSWORD;
import static dev.tradeloom.tenant.TenantCoreTesting.newEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.tradeloom.platform.crypto.SecretBox;
import dev.tradeloom.platform.db.DatabaseConfig;
import dev.tradeloom.platform.testing.TestPostgres;
import dev.tradeloom.tenant.v1.AuthServiceGrpc.AuthServiceBlockingStub;
import dev.tradeloom.tenant.v1.GetCurrentUserRequest;
import dev.tradeloom.tenant.v1.ListFailedEmailsRequest;
import dev.tradeloom.tenant.v1.LoginRequest;
import dev.tradeloom.tenant.v1.OperationsServiceGrpc.OperationsServiceBlockingStub;
import dev.tradeloom.tenant.v1.RegisterRequest;
import dev.tradeloom.tenant.v1.RequestPasswordResetRequest;
import dev.tradeloom.tenant.v1.ResetPasswordRequest;
import dev.tradeloom.tenant.v1.VerifyEmailRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/** PLATFORM_ADMIN_EMAILS: an account is a platform operator exactly when its verified address is listed. */
class PlatformAdminEmailsTest {

    @Test
    void aListedAddress_makesAnOperator_onlyOnceVerified_whateverItsLetterCase() {
        final String email = newEmail("ops");
        try (TenantCoreTesting tc = TenantCoreTesting.withPlatformAdmins(email.toUpperCase(Locale.ROOT))) {
            final AuthServiceBlockingStub anonymous = tc.auth(null);
            anonymous.register(RegisterRequest.newBuilder().setEmail(email).setPassword(PASSWORD)
                                              .setDisplayName("Ops").build());
            // Whoever registers an operator's address first has not shown it is theirs.
            final String unverified = login(tc, email);
            assertThat(isOperator(tc, unverified)).isFalse();
            assertThat(tc.auth(unverified).getCurrentUser(GetCurrentUserRequest.getDefaultInstance())
                         .getPlatformAdmin()).isFalse();

            anonymous.verifyEmail(VerifyEmailRequest.newBuilder().setToken(tc.mail.last("verify", email))
                                                    .build());
            final String verified = login(tc, email);
            assertThat(isOperator(tc, verified)).isTrue();
            assertThat(tc.auth(verified).getCurrentUser(GetCurrentUserRequest.getDefaultInstance())
                         .getPlatformAdmin()).isTrue();
        }
    }

    @Test
    void aPasswordReset_provesAListedAddress_too() {
        final String email = newEmail("reset-ops");
        try (TenantCoreTesting tc = TenantCoreTesting.withPlatformAdmins(email)) {
            final AuthServiceBlockingStub anonymous = tc.auth(null);
            anonymous.register(RegisterRequest.newBuilder().setEmail(email).setPassword(PASSWORD)
                                              .setDisplayName("Ops").build());
            anonymous.requestPasswordReset(RequestPasswordResetRequest.newBuilder().setEmail(email).build());
            anonymous.resetPassword(ResetPasswordRequest.newBuilder().setToken(tc.mail.last("reset", email))
                                                        .setNewPassword(PASSWORD).build());
            assertThat(isOperator(tc, login(tc, email))).isTrue();
        }
    }

    @Test
    void theListAtEachStart_grantsAndRevokes() {
        final DatabaseConfig db = TestPostgres.newDatabase(TenantCoreConfig.SCHEMA);
        final String key = SecretBox.newKey();
        final String first = newEmail("first-ops");
        final String second = newEmail("second-ops");
        try (TenantCoreTesting tc = new TenantCoreTesting(db, key, Set.of(first))) {
            tc.signUp(first);
            tc.signUp(second);
            assertThat(isOperator(tc, login(tc, first))).isTrue();
            assertThat(isOperator(tc, login(tc, second))).isFalse();
        }
        // The first address is taken off the list, the second put on it, after both accounts were verified.
        try (TenantCoreTesting tc = new TenantCoreTesting(db, key, Set.of(second))) {
            assertThat(isOperator(tc, login(tc, first))).isFalse();
            assertThat(isOperator(tc, login(tc, second))).isTrue();
        }
        try (TenantCoreTesting tc = new TenantCoreTesting(db, key, Set.of())) {
            assertThat(isOperator(tc, login(tc, second))).isFalse();
        }
    }

    private static String login(TenantCoreTesting tc, String email) {
        return tc.auth(null).login(LoginRequest.newBuilder().setEmail(email).setPassword(PASSWORD).build())
                 .getTokens().getAccessToken();
    }

    /** Whether an operator-only rpc admits the holder of {@code accessToken}. */
    private static boolean isOperator(TenantCoreTesting tc, String accessToken) {
        final OperationsServiceBlockingStub operations =
                tc.client(OperationsServiceBlockingStub.class, accessToken);
        try {
            operations.listFailedEmails(ListFailedEmailsRequest.getDefaultInstance());
            return true;
        } catch (StatusRuntimeException e) {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
            assertThat(TenantCoreTesting.reason(e)).isEqualTo("PLATFORM_ADMIN_REQUIRED");
            return false;
        }
    }
}
