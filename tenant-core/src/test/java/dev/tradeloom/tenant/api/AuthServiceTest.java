package dev.tradeloom.tenant.api;

import static dev.tradeloom.tenant.TenantCoreTesting.enrolmentCode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.google.rpc.BadRequest;

import dev.tradeloom.platform.auth.TokenVerifier;
import dev.tradeloom.platform.db.Scope;
import dev.tradeloom.platform.testing.Eventually;
import dev.tradeloom.tenant.TenantCoreTesting;
import dev.tradeloom.tenant.domain.Totp;
import dev.tradeloom.tenant.store.UserDao;
import dev.tradeloom.tenant.v1.AuthServiceGrpc.AuthServiceBlockingStub;
import dev.tradeloom.tenant.v1.BeginTotpEnrollmentRequest;
import dev.tradeloom.tenant.v1.BeginTotpEnrollmentResponse;
import dev.tradeloom.tenant.v1.ChangePasswordRequest;
import dev.tradeloom.tenant.v1.CompleteSecondFactorRequest;
import dev.tradeloom.tenant.v1.ConfirmTotpEnrollmentRequest;
import dev.tradeloom.tenant.v1.GetCurrentUserRequest;
import dev.tradeloom.tenant.v1.ListSessionsRequest;
import dev.tradeloom.tenant.v1.LoginRequest;
import dev.tradeloom.tenant.v1.LoginResponse;
import dev.tradeloom.tenant.v1.LogoutRequest;
import dev.tradeloom.tenant.v1.RefreshTokensRequest;
import dev.tradeloom.tenant.v1.RegisterRequest;
import dev.tradeloom.tenant.v1.RequestPasswordResetRequest;
import dev.tradeloom.tenant.v1.ResetPasswordRequest;
import dev.tradeloom.tenant.v1.RevokeSessionRequest;
import dev.tradeloom.tenant.v1.Tokens;
import dev.tradeloom.tenant.v1.User;
import dev.tradeloom.tenant.v1.VerifyEmailRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

class AuthServiceTest {
    private static final String PASSWORD = "correct horse battery";
    private static TenantCoreTesting tc;
    private static AuthServiceBlockingStub anonymous;

    @BeforeAll
    static void start() {
        tc = new TenantCoreTesting();
        anonymous = tc.auth(null);
    }

    @AfterAll
    static void stop() {
        tc.close();
    }

    @Test
    void register_thenVerifyEmail_marksVerifiedOnce() {
        final String email = uniqueEmail();
        final User user = register(email);
        assertThat(user.getEmailVerified()).isFalse();
        assertThat(user.getId()).isNotEmpty();

        final String token = tc.mail.last("verify", email);
        final User verified = anonymous.verifyEmail(VerifyEmailRequest.newBuilder().setToken(token).build());

        assertThat(verified.getEmailVerified()).isTrue();
        assertThatThrownBy(() -> anonymous.verifyEmail(VerifyEmailRequest.newBuilder().setToken(token).build()))
                .satisfies(e -> assertStatus(e, Status.Code.FAILED_PRECONDITION, "TOKEN_INVALID"));
    }

    @Test
    void register_takenEmailInOtherCase_isAlreadyExists() {
        final String email = uniqueEmail();
        register(email);
        assertThatThrownBy(() -> register(email.toUpperCase()))
                .satisfies(e -> assertStatus(e, Status.Code.ALREADY_EXISTS, "EMAIL_TAKEN"));
    }

    @Test
    void register_badInput_listsEveryFieldViolation() {
        final var request = RegisterRequest.newBuilder().setEmail("not-an-email").setPassword("short")
                                           .setDisplayName("").build();
        assertThatThrownBy(() -> anonymous.register(request))
                .asInstanceOf(type(StatusRuntimeException.class))
                .satisfies(e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    final BadRequest bad = TenantCoreTesting.badRequest(e);
                    assertThat(bad.getFieldViolationsList()).extracting(BadRequest.FieldViolation::getField)
                                                            .containsExactlyInAnyOrder("email", "password",
                                                                                       "display_name");
                });
    }

    @Test
    void register_whitespaceOnlyDisplayName_isInvalidArgument_andCreatesNoAccount() {
        final String email = uniqueEmail();
        final var request = RegisterRequest.newBuilder().setEmail(email).setPassword(TenantCoreTesting.PASSWORD)
                                           .setDisplayName(" \t ").build();
        assertThatThrownBy(() -> anonymous.register(request))
                .asInstanceOf(type(StatusRuntimeException.class))
                .satisfies(e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(TenantCoreTesting.badRequest(e).getFieldViolationsList())
                            .extracting(BadRequest.FieldViolation::getField).containsExactly("display_name");
                });
        assertThat(register(email).getDisplayName()).isNotBlank();
    }

    @Test
    void login_wrongPassword_isUnauthenticated() {
        final String email = uniqueEmail();
        register(email);
        assertThatThrownBy(() -> login(email, "wrong password!"))
                .satisfies(e -> assertStatus(e, Status.Code.UNAUTHENTICATED, "INVALID_CREDENTIALS"));
        assertThatThrownBy(() -> login(uniqueEmail(), PASSWORD))
                .satisfies(e -> assertStatus(e, Status.Code.UNAUTHENTICATED, "INVALID_CREDENTIALS"));
    }

    @Test
    void tenWrongPasswordsInARow_lockTheAccountsSignIn_untilThePasswordIsReset() {
        final String email = uniqueEmail();
        register(email);
        for (int i = 0; i < 9; i++) {
            assertThatThrownBy(() -> login(email, "a wrong guess"))
                    .satisfies(e -> assertStatus(e, Status.Code.UNAUTHENTICATED, "INVALID_CREDENTIALS"));
        }
        // A success starts the count again.
        assertThat(login(email, PASSWORD).hasTokens()).isTrue();
        for (int i = 0; i < 10; i++) {
            assertThatThrownBy(() -> login(email, "a wrong guess"))
                    .satisfies(e -> assertStatus(e, Status.Code.UNAUTHENTICATED, "INVALID_CREDENTIALS"));
        }
        assertThatThrownBy(() -> login(email, PASSWORD))
                .satisfies(e -> {
                    assertStatus(e, Status.Code.RESOURCE_EXHAUSTED, "SIGN_IN_LOCKED");
                    assertThat(((StatusRuntimeException) e).getStatus().getDescription())
                            .contains("reset the password");
                    // When to try again: the lock's end, at most 15 minutes away.
                    assertThat(TenantCoreTesting.retryDelay((StatusRuntimeException) e))
                            .isPositive().isLessThanOrEqualTo(Duration.ofMinutes(15));
                });
        Eventually.await(Duration.ofSeconds(20), "the email telling the owner", () -> tc.mail.count(email) > 0
                && tc.mail.newest(email)[0].equals("Sign-in to your Tradeloom account is paused"));
        assertThat(tc.mail.newest(email)[1]).contains("10 times in a row", "(UTC)");
        // Other accounts are not affected.
        final String other = uniqueEmail();
        register(other);
        assertThat(login(other, PASSWORD).hasTokens()).isTrue();

        anonymous.requestPasswordReset(RequestPasswordResetRequest.newBuilder().setEmail(email).build());
        anonymous.resetPassword(ResetPasswordRequest.newBuilder().setToken(tc.mail.last("reset", email))
                                                    .setNewPassword("a fresh secret").build());
        assertThat(login(email, "a fresh secret").hasTokens()).isTrue();
    }

    @Test
    void wrongSecondFactorCodes_countAcrossChallenges_towardsTheAccountsLock() {
        final String email = uniqueEmail();
        register(email);
        final Enrolled enrolled = enrollTotp(email);
        final String code = Totp.codeAt(enrolled.secret(), Instant.now());
        final String wrong = "000000".equals(code) ? "000001" : "000000";
        for (int challenge = 0; challenge < 2; challenge++) {
            final String token = login(email, PASSWORD).getSecondFactorToken();
            for (int i = 0; i < 5; i++) {
                assertThatThrownBy(() -> secondFactor(token, wrong))
                        .satisfies(e -> assertStatus(e, Status.Code.UNAUTHENTICATED, "INVALID_SECOND_FACTOR"));
            }
        }
        assertThatThrownBy(() -> login(email, PASSWORD))
                .satisfies(e -> assertStatus(e, Status.Code.RESOURCE_EXHAUSTED, "SIGN_IN_LOCKED"));
    }

    @Test
    void anAddressWithoutAnAccount_isLockedAfterTheSameRunOfFailures_asOneWithAnAccount() {
        final String withAccount = uniqueEmail();
        register(withAccount);
        final String withoutAccount = uniqueEmail();
        for (String email : List.of(withAccount, withoutAccount)) {
            for (int i = 0; i < 10; i++) {
                // Failures count per address, whatever its case.
                final String typed = i % 2 == 0 ? email : email.toUpperCase();
                assertThatThrownBy(() -> login(typed, "a wrong guess"))
                        .satisfies(e -> assertStatus(e, Status.Code.UNAUTHENTICATED, "INVALID_CREDENTIALS"));
            }
        }
        final List<String> refusals = List.of(withAccount, withoutAccount).stream().map(email -> {
            final StatusRuntimeException refusal = catchStatus(() -> login(email, PASSWORD));
            assertStatus(refusal, Status.Code.RESOURCE_EXHAUSTED, "SIGN_IN_LOCKED");
            assertThat(TenantCoreTesting.retryDelay(refusal)).isPositive()
                                                             .isLessThanOrEqualTo(Duration.ofMinutes(15));
            return refusal.getStatus().getDescription().replaceAll("\\d{4}-\\d\\d-\\d\\dT[\\d:]+Z", "<time>");
        }).toList();
        assertThat(refusals.get(1)).isEqualTo(refusals.get(0)).contains("try again after <time>");
    }

    @Test
    void aRunOfFailures_isForgottenADayAfterItsLast_andItsRowDeletedAsOthersAreCounted() {
        final String email = uniqueEmail();
        register(email);
        for (int i = 0; i < 9; i++) {
            assertThatThrownBy(() -> login(email, "a wrong guess"))
                    .satisfies(e -> assertStatus(e, Status.Code.UNAUTHENTICATED, "INVALID_CREDENTIALS"));
        }
        ageFailures(email, Duration.ofHours(25));
        // The tenth wrong guess starts a new run instead of locking.
        assertThatThrownBy(() -> login(email, "a wrong guess"))
                .satisfies(e -> assertStatus(e, Status.Code.UNAUTHENTICATED, "INVALID_CREDENTIALS"));
        assertThat(login(email, PASSWORD).hasTokens()).isTrue();

        final String guessedAt = uniqueEmail();
        assertThatThrownBy(() -> login(guessedAt, "a wrong guess"))
                .satisfies(e -> assertStatus(e, Status.Code.UNAUTHENTICATED, "INVALID_CREDENTIALS"));
        assertThat(failureRows(guessedAt)).isEqualTo(1);
        ageFailures(guessedAt, Duration.ofHours(25));
        assertThatThrownBy(() -> login(uniqueEmail(), "a wrong guess"))
                .satisfies(e -> assertStatus(e, Status.Code.UNAUTHENTICATED, "INVALID_CREDENTIALS"));
        assertThat(failureRows(guessedAt)).isZero();
    }

    private static void ageFailures(String email, Duration by) {
        tc.db().jdbi().useHandle(h -> h.createUpdate("""
                update sign_in_failures_per_address set updated_at = updated_at - :by
                where address_digest = sha256(convert_to(lower(:email), 'UTF8'))""")
                                       .bind("by", by).bind("email", email).execute());
    }

    private static int failureRows(String email) {
        return tc.db().jdbi().withHandle(h -> h.createQuery("""
                select count(*) from sign_in_failures_per_address
                where address_digest = sha256(convert_to(lower(:email), 'UTF8'))""")
                                               .bind("email", email).mapTo(Integer.class).one());
    }

    private static StatusRuntimeException catchStatus(Runnable call) {
        try {
            call.run();
        } catch (StatusRuntimeException e) {
            return e;
        }
        throw new AssertionError("the call succeeded");
    }

    @Test
    void accessToken_signsInAndVerifiesAgainstPublishedJwks() {
        final String email = uniqueEmail();
        register(email);
        final Tokens tokens = login(email, PASSWORD).getTokens();

        final User me = tc.auth(tokens.getAccessToken()).getCurrentUser(GetCurrentUserRequest.getDefaultInstance());
        final var caller = TokenVerifier.fromJwksUrl(tc.uri() + "/.well-known/jwks.json")
                                        .verify(tokens.getAccessToken());

        assertThat(me.getEmail()).isEqualTo(email);
        assertThat(caller.userId()).hasToString(me.getId());
        assertThat(caller.sessionId()).hasToString(tokens.getSessionId());
        assertThatThrownBy(() -> anonymous.getCurrentUser(GetCurrentUserRequest.getDefaultInstance()))
                .satisfies(e -> assertStatus(e, Status.Code.UNAUTHENTICATED, "SIGN_IN_REQUIRED"));
        assertThatThrownBy(() -> tc.auth(tokens.getAccessToken() + "x")
                                   .getCurrentUser(GetCurrentUserRequest.getDefaultInstance()))
                .satisfies(e -> assertStatus(e, Status.Code.UNAUTHENTICATED, "INVALID_TOKEN"));
    }

    @Test
    void refresh_rotates_andReuseRevokesTheWholeFamily() {
        final String email = uniqueEmail();
        register(email);
        final Tokens first = login(email, PASSWORD).getTokens();

        final Tokens second = refresh(first.getRefreshToken());
        assertThat(second.getRefreshToken()).isNotEqualTo(first.getRefreshToken());
        assertThat(second.getSessionId()).isEqualTo(first.getSessionId());

        assertThatThrownBy(() -> refresh(first.getRefreshToken()))
                .satisfies(e -> assertStatus(e, Status.Code.UNAUTHENTICATED, "REFRESH_TOKEN_REUSED"));
        // The thief's reuse ended the family: the legitimate newest token is dead too.
        assertThatThrownBy(() -> refresh(second.getRefreshToken()))
                .satisfies(e -> assertStatus(e, Status.Code.UNAUTHENTICATED, "SESSION_ENDED"));
    }

    @Test
    void logout_endsTheSession() {
        final String email = uniqueEmail();
        register(email);
        final Tokens tokens = login(email, PASSWORD).getTokens();

        anonymous.logout(LogoutRequest.newBuilder().setRefreshToken(tokens.getRefreshToken()).build());

        assertThatThrownBy(() -> refresh(tokens.getRefreshToken()))
                .satisfies(e -> assertStatus(e, Status.Code.UNAUTHENTICATED, "SESSION_ENDED"));
    }

    @Test
    void sessions_listedAndRevocableByTheirOwnerOnly() {
        final String email = uniqueEmail();
        register(email);
        final Tokens laptop = login(email, PASSWORD).getTokens();
        final Tokens phone = login(email, PASSWORD).getTokens();
        final String otherEmail = uniqueEmail();
        register(otherEmail);
        final Tokens other = login(otherEmail, PASSWORD).getTokens();

        final var sessions = tc.auth(laptop.getAccessToken()).listSessions(ListSessionsRequest.getDefaultInstance())
                               .getSessionsList();
        assertThat(sessions).hasSize(2);
        assertThat(sessions).filteredOn(s -> s.getCurrent()).singleElement()
                            .satisfies(s -> assertThat(s.getId()).isEqualTo(laptop.getSessionId()));

        final var revokePhone = RevokeSessionRequest.newBuilder().setSessionId(phone.getSessionId()).build();
        assertThatThrownBy(() -> tc.auth(other.getAccessToken()).revokeSession(revokePhone))
                .satisfies(e -> assertStatus(e, Status.Code.NOT_FOUND, "SESSION_NOT_FOUND"));
        tc.auth(laptop.getAccessToken()).revokeSession(revokePhone);
        assertThatThrownBy(() -> refresh(phone.getRefreshToken()))
                .satisfies(e -> assertStatus(e, Status.Code.UNAUTHENTICATED, "SESSION_ENDED"));
        assertThat(refresh(laptop.getRefreshToken()).getAccessToken()).isNotEmpty();
    }

    @Test
    void aPasswordChange_replacesOnlyTheHashItChecked_notOneAResetStoredMeanwhile() {
        final UUID userId = UUID.fromString(register(uniqueEmail()).getId());
        final String checked = tc.app.database().transactor().inTransaction(
                Scope.user(userId), h -> h.attach(UserDao.class).find(userId).orElseThrow().passwordHash());
        // A reset commits between the change's check of the current password and its update.
        tc.app.database().transactor().inTransaction(Scope.user(userId), h -> {
            h.attach(UserDao.class).setPasswordHash(userId, "hash-of-the-reset");
            return null;
        });
        final boolean replaced = tc.app.database().transactor().inTransaction(
                Scope.user(userId),
                h -> h.attach(UserDao.class).replacePasswordHash(userId, checked, "hash-of-the-change"));
        final String stored = tc.app.database().transactor().inTransaction(
                Scope.user(userId), h -> h.attach(UserDao.class).find(userId).orElseThrow().passwordHash());
        assertThat(replaced).isFalse();
        assertThat(stored).isEqualTo("hash-of-the-reset");
    }

    @Test
    void changePassword_keepsThisSessionAndEndsOthers() {
        final String email = uniqueEmail();
        register(email);
        final Tokens current = login(email, PASSWORD).getTokens();
        final Tokens other = login(email, PASSWORD).getTokens();

        assertThatThrownBy(() -> tc.auth(current.getAccessToken()).changePassword(
                ChangePasswordRequest.newBuilder().setCurrentPassword("wrong one!").setNewPassword("a new password")
                                     .build()))
                .satisfies(e -> assertStatus(e, Status.Code.INVALID_ARGUMENT, "INVALID_ARGUMENT"));
        tc.auth(current.getAccessToken()).changePassword(
                ChangePasswordRequest.newBuilder().setCurrentPassword(PASSWORD).setNewPassword("a new password")
                                     .build());

        assertThat(refresh(current.getRefreshToken()).getAccessToken()).isNotEmpty();
        assertThatThrownBy(() -> refresh(other.getRefreshToken()))
                .satisfies(e -> assertStatus(e, Status.Code.UNAUTHENTICATED, "SESSION_ENDED"));
        assertThat(login(email, "a new password").hasTokens()).isTrue();
    }

    @Test
    void passwordReset_emailedLinkWorksOnce_andEndsSessions() {
        final String email = uniqueEmail();
        register(email);
        final Tokens before = login(email, PASSWORD).getTokens();

        anonymous.requestPasswordReset(RequestPasswordResetRequest.newBuilder().setEmail(email).build());
        anonymous.requestPasswordReset(RequestPasswordResetRequest.newBuilder().setEmail(uniqueEmail()).build());
        final String token = tc.mail.last("reset", email);
        anonymous.resetPassword(ResetPasswordRequest.newBuilder().setToken(token).setNewPassword("brand new secret")
                                                    .build());

        assertThat(login(email, "brand new secret").hasTokens()).isTrue();
        assertThatThrownBy(() -> login(email, PASSWORD))
                .satisfies(e -> assertStatus(e, Status.Code.UNAUTHENTICATED, "INVALID_CREDENTIALS"));
        assertThatThrownBy(() -> refresh(before.getRefreshToken()))
                .satisfies(e -> assertStatus(e, Status.Code.UNAUTHENTICATED, "SESSION_ENDED"));
        assertThatThrownBy(() -> anonymous.resetPassword(
                ResetPasswordRequest.newBuilder().setToken(token).setNewPassword("another secret!").build()))
                .satisfies(e -> assertStatus(e, Status.Code.FAILED_PRECONDITION, "TOKEN_INVALID"));
    }

    @Test
    void aSignInWhosePasswordCheckPrecededAReset_doesNotOutliveTheReset() throws Exception {
        final String email = uniqueEmail();
        register(email);
        anonymous.requestPasswordReset(RequestPasswordResetRequest.newBuilder().setEmail(email).build());
        final String resetToken = tc.mail.last("reset", email);
        final ExecutorService threads = Executors.newFixedThreadPool(2);
        try (Handle blocker = tc.db().jdbi().open()) {
            // Holds the sign-in after its password check, in the transaction that opens its session.
            blocker.begin();
            blocker.execute("lock table refresh_tokens in exclusive mode");
            final Future<LoginResponse> signIn = threads.submit(() -> login(email, PASSWORD));
            Eventually.await(Duration.ofSeconds(20), "the sign-in to wait", () -> waitingOn("refresh_tokens"));
            final Future<?> reset = threads.submit(() -> anonymous.resetPassword(ResetPasswordRequest.newBuilder()
                    .setToken(resetToken).setNewPassword("a brand new password").build()));
            // The reset either completes or waits for the sign-in; either way it has begun.
            Eventually.await(Duration.ofSeconds(20), "the reset to run",
                             () -> reset.isDone() || waitingOn("users"));
            blocker.rollback();

            reset.get(20, TimeUnit.SECONDS);
            final LoginResponse old;
            try {
                old = signIn.get(20, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                assertStatus(e.getCause(), Status.Code.UNAUTHENTICATED, "INVALID_CREDENTIALS");
                return;
            }
            assertThatThrownBy(() -> refresh(old.getTokens().getRefreshToken()))
                    .satisfies(e -> assertStatus(e, Status.Code.UNAUTHENTICATED, "SESSION_ENDED"));
        } finally {
            threads.shutdownNow();
        }
    }

    /** Whether another connection waits for a lock in a statement naming {@code table}. */
    private static boolean waitingOn(String table) {
        return tc.db().jdbi().withHandle(h -> h.createQuery("""
                select exists (select 1 from pg_stat_activity
                               where wait_event_type = 'Lock' and pid <> pg_backend_pid()
                                 and query ilike '%' || :table || '%')""")
                .bind("table", table).mapTo(Boolean.class).one());
    }

    @Test
    void totp_enrolledAccount_needsSecondFactor_andRecoveryCodesWorkOnce() {
        final String email = uniqueEmail();
        register(email);
        final Tokens tokens = login(email, PASSWORD).getTokens();
        final AuthServiceBlockingStub me = tc.auth(tokens.getAccessToken());
        final BeginTotpEnrollmentResponse enrollment =
                me.beginTotpEnrollment(BeginTotpEnrollmentRequest.getDefaultInstance());
        assertThat(enrollment.getOtpauthUri()).startsWith("otpauth://totp/").contains(enrollment.getSecret());

        assertThatThrownBy(() -> me.confirmTotpEnrollment(ConfirmTotpEnrollmentRequest.newBuilder()
                                                                                     .setCode(wrongCode(enrollment))
                                                                                     .setPassword(PASSWORD)
                                                                                     .build()))
                .satisfies(e -> assertStatus(e, Status.Code.INVALID_ARGUMENT, "INVALID_ARGUMENT"));
        // An access token alone cannot turn two-factor sign-in on.
        assertThatThrownBy(() -> me.confirmTotpEnrollment(ConfirmTotpEnrollmentRequest.newBuilder()
                .setCode(Totp.codeAt(enrollment.getSecret(), Instant.now())).setPassword("not the password")
                .build()))
                .satisfies(e -> assertThat(TenantCoreTesting.badRequest((StatusRuntimeException) e)
                                                            .getFieldViolationsList())
                        .extracting(BadRequest.FieldViolation::getField).containsExactly("password"));
        final List<String> recovery = me.confirmTotpEnrollment(ConfirmTotpEnrollmentRequest.newBuilder()
                .setCode(enrolmentCode(enrollment.getSecret())).setPassword(PASSWORD).build())
                                        .getRecoveryCodesList();
        assertThat(recovery).hasSize(10).doesNotHaveDuplicates();

        final LoginResponse challenged = login(email, PASSWORD);
        assertThat(challenged.hasTokens()).isFalse();
        assertThatThrownBy(() -> secondFactor(challenged.getSecondFactorToken(), wrongCode(enrollment)))
                .satisfies(e -> assertStatus(e, Status.Code.UNAUTHENTICATED, "INVALID_SECOND_FACTOR"));
        final Tokens viaTotp = secondFactor(challenged.getSecondFactorToken(),
                                            Totp.codeAt(enrollment.getSecret(), Instant.now()));
        assertThat(viaTotp.getAccessToken()).isNotEmpty();
        // A completed challenge cannot be replayed.
        assertThatThrownBy(() -> secondFactor(challenged.getSecondFactorToken(),
                                              Totp.codeAt(enrollment.getSecret(), Instant.now())))
                .satisfies(e -> assertStatus(e, Status.Code.UNAUTHENTICATED, "CHALLENGE_INVALID"));

        final String next = login(email, PASSWORD).getSecondFactorToken();
        assertThat(secondFactor(next, recovery.get(0)).getAccessToken()).isNotEmpty();
        final String again = login(email, PASSWORD).getSecondFactorToken();
        assertThatThrownBy(() -> secondFactor(again, recovery.get(0)))
                .satisfies(e -> assertStatus(e, Status.Code.UNAUTHENTICATED, "INVALID_SECOND_FACTOR"));
    }

    @Test
    void theCodeThatTurnedTotpOn_signsNothingIn() {
        final String email = uniqueEmail();
        register(email);
        final AuthServiceBlockingStub me = tc.auth(login(email, PASSWORD).getTokens().getAccessToken());
        final String secret = me.beginTotpEnrollment(BeginTotpEnrollmentRequest.getDefaultInstance()).getSecret();
        final String code = Totp.codeAt(secret, Instant.now());
        me.confirmTotpEnrollment(ConfirmTotpEnrollmentRequest.newBuilder().setCode(code).setPassword(PASSWORD)
                                                             .build());
        // Seen over a shoulder as TOTP was turned on, the code is used up, though still within its window.
        assertThatThrownBy(() -> secondFactor(login(email, PASSWORD).getSecondFactorToken(), code))
                .satisfies(e -> assertStatus(e, Status.Code.UNAUTHENTICATED, "INVALID_SECOND_FACTOR"));
    }

    @Test
    void aTotpCodeSignsInOnce_andAChallengeTakesFiveTries() {
        final String email = uniqueEmail();
        register(email);
        final Enrolled enrolled = enrollTotp(email);
        final String code = Totp.codeAt(enrolled.secret(), Instant.now());
        assertThat(secondFactor(login(email, PASSWORD).getSecondFactorToken(), code).getAccessToken()).isNotEmpty();
        // Seen over a shoulder, the same code opens nothing more, though it is still within its window.
        assertThatThrownBy(() -> secondFactor(login(email, PASSWORD).getSecondFactorToken(), code))
                .satisfies(e -> assertStatus(e, Status.Code.UNAUTHENTICATED, "INVALID_SECOND_FACTOR"));

        final String challenge = login(email, PASSWORD).getSecondFactorToken();
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> secondFactor(challenge, "000000".equals(code) ? "000001" : "000000"))
                    .satisfies(e -> assertStatus(e, Status.Code.UNAUTHENTICATED, "INVALID_SECOND_FACTOR"));
        }
        final String recovery = enrolled.recoveryCodes().get(0);
        assertThatThrownBy(() -> secondFactor(challenge, recovery))
                .satisfies(e -> assertStatus(e, Status.Code.UNAUTHENTICATED, "CHALLENGE_INVALID"));
        // The spent challenge used nothing up: the recovery code still signs in through a new one.
        assertThat(secondFactor(login(email, PASSWORD).getSecondFactorToken(), recovery).getAccessToken())
                .isNotEmpty();
    }

    @Test
    void passwordReset_ofANeverVerifiedAddress_turnsOffTheTwoFactorSignInSomeoneElseSetUp() {
        // Someone registers an address that is not theirs and sets up TOTP; the address's owner resets.
        final String email = uniqueEmail();
        register(email);
        enrollTotp(email);
        anonymous.requestPasswordReset(RequestPasswordResetRequest.newBuilder().setEmail(email).build());
        anonymous.resetPassword(ResetPasswordRequest.newBuilder().setToken(tc.mail.last("reset", email))
                                                    .setNewPassword("the owner's secret").build());
        assertThat(login(email, "the owner's secret").hasTokens()).isTrue();
    }

    @Test
    void passwordReset_ofAVerifiedAddress_keepsTwoFactorSignIn() {
        final String email = uniqueEmail();
        register(email);
        anonymous.verifyEmail(VerifyEmailRequest.newBuilder().setToken(tc.mail.last("verify", email)).build());
        enrollTotp(email);
        anonymous.requestPasswordReset(RequestPasswordResetRequest.newBuilder().setEmail(email).build());
        anonymous.resetPassword(ResetPasswordRequest.newBuilder().setToken(tc.mail.last("reset", email))
                                                    .setNewPassword("a newer secret").build());
        assertThat(login(email, "a newer secret").hasTokens()).isFalse();
    }

    @Test
    void changingThePassword_endsResetLinksAndSignInChallengesIssuedBefore() {
        final String email = uniqueEmail();
        register(email);
        final Tokens current = login(email, PASSWORD).getTokens();
        final String secret = enrollTotp(email).secret();
        final String challenge = login(email, PASSWORD).getSecondFactorToken();
        anonymous.requestPasswordReset(RequestPasswordResetRequest.newBuilder().setEmail(email).build());
        final String resetLink = tc.mail.last("reset", email);

        tc.auth(current.getAccessToken()).changePassword(
                ChangePasswordRequest.newBuilder().setCurrentPassword(PASSWORD).setNewPassword("changed secret")
                                     .build());
        assertThatThrownBy(() -> anonymous.resetPassword(
                ResetPasswordRequest.newBuilder().setToken(resetLink).setNewPassword("an attacker's").build()))
                .satisfies(e -> assertStatus(e, Status.Code.FAILED_PRECONDITION, "TOKEN_INVALID"));
        assertThatThrownBy(() -> secondFactor(challenge, Totp.codeAt(secret, Instant.now())))
                .satisfies(e -> assertStatus(e, Status.Code.UNAUTHENTICATED, "CHALLENGE_INVALID"));
    }

    /** An account's TOTP secret and recovery codes. */
    private record Enrolled(String secret, List<String> recoveryCodes) {}

    /** Turns TOTP on for the account. */
    private static Enrolled enrollTotp(String email) {
        final AuthServiceBlockingStub me = tc.auth(login(email, PASSWORD).getTokens().getAccessToken());
        final String secret = me.beginTotpEnrollment(BeginTotpEnrollmentRequest.getDefaultInstance()).getSecret();
        return new Enrolled(secret, me.confirmTotpEnrollment(ConfirmTotpEnrollmentRequest.newBuilder()
                .setCode(enrolmentCode(secret)).setPassword(PASSWORD).build()).getRecoveryCodesList());
    }

    private static String wrongCode(BeginTotpEnrollmentResponse enrollment) {
        final String right = Totp.codeAt(enrollment.getSecret(), Instant.now());
        final String before = Totp.codeAt(enrollment.getSecret(), Instant.now().minusSeconds(30));
        final String after = Totp.codeAt(enrollment.getSecret(), Instant.now().plusSeconds(30));
        for (int i = 0; ; i++) {
            final String candidate = String.format("%06d", i);
            if (!candidate.equals(right) && !candidate.equals(before) && !candidate.equals(after)) {
                return candidate;
            }
        }
    }

    private static Tokens secondFactor(String challenge, String code) {
        return anonymous.completeSecondFactor(CompleteSecondFactorRequest.newBuilder()
                                                                         .setSecondFactorToken(challenge)
                                                                         .setCode(code).build());
    }

    private static void assertStatus(Throwable e, Status.Code code, String reason) {
        assertThat(e).isInstanceOf(StatusRuntimeException.class);
        final StatusRuntimeException sre = (StatusRuntimeException) e;
        assertThat(sre.getStatus().getCode()).isEqualTo(code);
        assertThat(TenantCoreTesting.reason(sre)).isEqualTo(reason);
    }

    private static String uniqueEmail() {
        return "user-" + UUID.randomUUID() + "@example.com";
    }

    private static User register(String email) {
        return anonymous.register(RegisterRequest.newBuilder().setEmail(email).setPassword(PASSWORD)
                                                 .setDisplayName("Asha").build());
    }

    private static LoginResponse login(String email, String password) {
        return anonymous.login(LoginRequest.newBuilder().setEmail(email).setPassword(password).build());
    }

    private static Tokens refresh(String refreshToken) {
        return anonymous.refreshTokens(RefreshTokensRequest.newBuilder().setRefreshToken(refreshToken).build());
    }
}
