package dev.tradeloom.tenant.api;

import static dev.tradeloom.tenant.SecretTraces.assertNoTraceOf;
import static dev.tradeloom.tenant.TenantCoreTesting.PASSWORD;
import static dev.tradeloom.tenant.TenantCoreTesting.enrolmentCode;
import static dev.tradeloom.tenant.TenantCoreTesting.newEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.google.common.io.BaseEncoding;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.SignedJWT;

import dev.tradeloom.tenant.TenantCoreTesting;
import dev.tradeloom.tenant.domain.Totp;
import dev.tradeloom.tenant.v1.AuthServiceGrpc.AuthServiceBlockingStub;
import dev.tradeloom.tenant.v1.BeginTotpEnrollmentRequest;
import dev.tradeloom.tenant.v1.CompleteSecondFactorRequest;
import dev.tradeloom.tenant.v1.ConfirmTotpEnrollmentRequest;
import dev.tradeloom.tenant.v1.GetCurrentUserRequest;
import dev.tradeloom.tenant.v1.LoginRequest;
import dev.tradeloom.tenant.v1.Tokens;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/** TOTP secrets and signing keys as they lie in the database: sealed, each for its own row. */
class AccountSecretsAtRestTest {
    private static TenantCoreTesting tc;

    @BeforeAll
    static void start() {
        tc = new TenantCoreTesting();
    }

    @AfterAll
    static void stop() {
        tc.close();
    }

    @Test
    void totpSecrets_pendingAndActive_areStoredSealed_andTwoFactorSignInWorks() {
        final String email = newEmail("sealed");
        final AuthServiceBlockingStub me = tc.auth(tc.signUp(email));
        final String secret = me.beginTotpEnrollment(BeginTotpEnrollmentRequest.getDefaultInstance()).getSecret();
        assertThat(rawUser(email)).containsEntry("pending_sealed", true).containsEntry("plaintext", false);
        assertNoTraceOf(userRowJson(email), secret, BaseEncoding.base32().omitPadding().decode(secret));

        me.confirmTotpEnrollment(ConfirmTotpEnrollmentRequest.newBuilder().setPassword(PASSWORD)
                                                             .setCode(enrolmentCode(secret)).build());
        assertThat(rawUser(email)).containsEntry("secret_sealed", true).containsEntry("plaintext", false);
        assertNoTraceOf(userRowJson(email), secret, BaseEncoding.base32().omitPadding().decode(secret));

        final Tokens tokens = secondFactor(challenge(email), Totp.codeAt(secret, Instant.now()));
        assertThat(tc.auth(tokens.getAccessToken()).getCurrentUser(GetCurrentUserRequest.getDefaultInstance())
                     .getTotpEnabled()).isTrue();
    }

    @Test
    void signingKeys_areStoredSealed_andTheSealedKeySignsTokensThatVerify() throws Exception {
        final String accessToken = tc.signUp(newEmail("keys"));
        assertThat(tc.auth(accessToken).getCurrentUser(GetCurrentUserRequest.getDefaultInstance()).getId())
                .isNotEmpty();

        final SignedJWT token = SignedJWT.parse(accessToken);
        final List<Map<String, Object>> keys = tc.db().jdbi().withHandle(h -> h.createQuery("""
                select kid, private_jwk_sealed as sealed, private_jwk_plaintext is not null as plaintext,
                       row_to_json(k)::text as row
                from signing_keys k""").mapToMap().list());
        assertThat(keys).isNotEmpty().extracting(k -> k.get("kid")).contains(token.getHeader().getKeyID());
        for (Map<String, Object> row : keys) {
            final String kid = (String) row.get("kid");
            assertThat(row.get("plaintext")).isEqualTo(false);
            final ECKey key = ECKey.parse(tc.accountSecrets().openSigningKey(kid, (byte[]) row.get("sealed")));
            assertNoTraceOf((String) row.get("row"), key.getD().toString(), key.getD().decode());
            if (kid.equals(token.getHeader().getKeyID())) {
                assertThat(token.verify(new ECDSAVerifier(key.toECPublicKey()))).isTrue();
            }
        }
    }

    @Test
    void aTotpSecretCopiedToAnotherUsersRow_doesNotOpen_soOnlyTheirRecoveryCodesPass() {
        final String attacker = newEmail("attacker");
        final String victim = newEmail("victim");
        final String attackersSecret = enrollTotp(attacker).get(0);
        final List<String> victimsRecoveryCodes = enrollTotp(victim).subList(1, 11);
        // Someone who can write the table but not read the key gives the victim their own TOTP secret.
        tc.db().jdbi().useHandle(h -> h.createUpdate("""
                update users set totp_secret_sealed = (select totp_secret_sealed from users where email = :from)
                where email = :to""").bind("from", attacker).bind("to", victim).execute());

        final String challenge = challenge(victim);
        assertThatThrownBy(() -> secondFactor(challenge, Totp.codeAt(attackersSecret, Instant.now())))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
                    assertThat(TenantCoreTesting.reason(e)).isEqualTo("INVALID_SECOND_FACTOR");
                });
        // The victim is not locked out of their account.
        assertThat(secondFactor(challenge, victimsRecoveryCodes.get(0)).getAccessToken()).isNotEmpty();
    }

    /** Turns TOTP on for a new account; returns its secret followed by its ten recovery codes. */
    private static List<String> enrollTotp(String email) {
        final AuthServiceBlockingStub me = tc.auth(tc.signUp(email));
        final String secret = me.beginTotpEnrollment(BeginTotpEnrollmentRequest.getDefaultInstance()).getSecret();
        final List<String> codes = me.confirmTotpEnrollment(ConfirmTotpEnrollmentRequest.newBuilder()
                .setPassword(PASSWORD).setCode(enrolmentCode(secret)).build()).getRecoveryCodesList();
        return Stream.concat(Stream.of(secret), codes.stream()).toList();
    }

    private static String challenge(String email) {
        final String challenge = tc.auth(null).login(
                LoginRequest.newBuilder().setEmail(email).setPassword(PASSWORD).build()).getSecondFactorToken();
        assertThat(challenge).isNotEmpty();
        return challenge;
    }

    private static Tokens secondFactor(String challenge, String code) {
        return tc.auth(null).completeSecondFactor(CompleteSecondFactorRequest.newBuilder()
                                                                            .setSecondFactorToken(challenge)
                                                                            .setCode(code).build());
    }

    private static Map<String, Object> rawUser(String email) {
        return tc.db().jdbi().withHandle(h -> h.createQuery("""
                select totp_secret_sealed is not null as secret_sealed,
                       totp_pending_secret_sealed is not null as pending_sealed,
                       totp_secret_plaintext is not null or totp_pending_secret_plaintext is not null as plaintext
                from users where email = :email""").bind("email", email).mapToMap().one());
    }

    private static String userRowJson(String email) {
        return tc.db().jdbi().withHandle(h -> h.createQuery("""
                select row_to_json(u)::text from users u where email = :email""")
                                               .bind("email", email).mapTo(String.class).one());
    }
}
