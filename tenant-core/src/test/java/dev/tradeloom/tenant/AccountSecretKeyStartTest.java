package dev.tradeloom.tenant;

import static dev.tradeloom.tenant.SecretTraces.assertNoTraceOf;
import static dev.tradeloom.tenant.TenantCoreTesting.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import com.google.common.io.BaseEncoding;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.SignedJWT;

import dev.tradeloom.platform.crypto.SecretBox;
import dev.tradeloom.platform.db.DatabaseConfig;
import dev.tradeloom.platform.testing.TestPostgres;
import dev.tradeloom.tenant.domain.PasswordHasher;
import dev.tradeloom.tenant.domain.Totp;
import dev.tradeloom.tenant.v1.AuthServiceGrpc.AuthServiceBlockingStub;
import dev.tradeloom.tenant.v1.BeginTotpEnrollmentRequest;
import dev.tradeloom.tenant.v1.CompleteSecondFactorRequest;
import dev.tradeloom.tenant.v1.ConfirmTotpEnrollmentRequest;
import dev.tradeloom.tenant.v1.GetCurrentUserRequest;
import dev.tradeloom.tenant.v1.LoginRequest;

/** What tenant-core does at start with its ACCOUNT_SECRET_KEY: seals what was left in plaintext, or stops. */
class AccountSecretKeyStartTest {
    private static final String SCHEMA = TenantCoreConfig.SCHEMA;

    @Test
    void plaintextSecretsFromBeforeTheUpgrade_areSealedAtStart_andKeepWorking() throws Exception {
        final DatabaseConfig db = TestPostgres.newDatabase(SCHEMA);
        migrateToVersion9(db);
        final ECKey oldKey = new ECKeyGenerator(Curve.P_256).keyID(UUID.randomUUID().toString())
                                                            .keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.ES256)
                                                            .generate();
        final String enabled = Totp.newSecret();
        final String pending = Totp.newSecret();
        final String enabledEmail = TenantCoreTesting.newEmail("enabled");
        final String pendingEmail = TenantCoreTesting.newEmail("pending");
        final String hash = new PasswordHasher(TenantCoreTesting.TEST_PASSWORDS).hash(PASSWORD);
        asOwner(db, c -> {
            insertUser(c, enabledEmail, hash, "totp_secret", enabled);
            insertUser(c, pendingEmail, hash, "totp_pending_secret", pending);
            try (PreparedStatement s = c.prepareStatement(
                    "insert into tenant.signing_keys (kid, private_jwk, signs_from) values (?, ?, now())")) {
                s.setString(1, oldKey.getKeyID());
                s.setString(2, oldKey.toJSONString());
                s.executeUpdate();
            }
        });

        try (TenantCoreTesting tc = new TenantCoreTesting(db)) {
            assertThat(rows(db, "select row_to_json(u)::text from tenant.users u")).hasSize(2).allSatisfy(row -> {
                assertNoTraceOf(row, enabled, BaseEncoding.base32().omitPadding().decode(enabled));
                assertNoTraceOf(row, pending, BaseEncoding.base32().omitPadding().decode(pending));
            });
            assertThat(rows(db, "select row_to_json(k)::text from tenant.signing_keys k")).singleElement()
                    .satisfies(row -> assertNoTraceOf(row, oldKey.getD().toString(), oldKey.getD().decode()));
            assertThat(rows(db, """
                    select kid from tenant.signing_keys
                    where private_jwk_plaintext is null and private_jwk_sealed is not null""")).singleElement()
                    .isEqualTo(oldKey.getKeyID());

            // The enabled secret still passes the second factor, and the old key still signs.
            final String challenge = tc.auth(null).login(LoginRequest.newBuilder().setEmail(enabledEmail)
                                                                     .setPassword(PASSWORD).build())
                                       .getSecondFactorToken();
            final String accessToken = tc.auth(null).completeSecondFactor(CompleteSecondFactorRequest.newBuilder()
                    .setSecondFactorToken(challenge).setCode(Totp.codeAt(enabled, Instant.now())).build())
                                         .getAccessToken();
            final SignedJWT token = SignedJWT.parse(accessToken);
            assertThat(token.getHeader().getKeyID()).isEqualTo(oldKey.getKeyID());
            assertThat(token.verify(new ECDSAVerifier(oldKey.toECPublicKey()))).isTrue();
            assertThat(tc.auth(accessToken).getCurrentUser(GetCurrentUserRequest.getDefaultInstance()).getEmail())
                    .isEqualTo(enabledEmail);

            // The pending secret still confirms the enrolment it was started for.
            final AuthServiceBlockingStub pendingUser = tc.auth(tc.auth(null).login(
                    LoginRequest.newBuilder().setEmail(pendingEmail).setPassword(PASSWORD).build())
                                                                  .getTokens().getAccessToken());
            assertThat(pendingUser.confirmTotpEnrollment(ConfirmTotpEnrollmentRequest.newBuilder()
                    .setPassword(PASSWORD).setCode(Totp.codeAt(pending, Instant.now())).build())
                                  .getRecoveryCodesList()).hasSize(10);
        }
    }

    @Test
    void anotherKey_failsStart_namingTheSetting_andMintsNoSigningKey() {
        final DatabaseConfig db = TestPostgres.newDatabase(SCHEMA);
        try (TenantCoreTesting first = new TenantCoreTesting(db)) {
            // A TOTP secret sealed too, so that nothing is left that the other key could leave unopened.
            first.auth(first.signUp(TenantCoreTesting.newEmail("totp")))
                 .beginTotpEnrollment(BeginTotpEnrollmentRequest.getDefaultInstance());
        }
        final List<String> keys = rows(db, "select kid from tenant.signing_keys order by kid");

        assertThatThrownBy(() -> new TenantCoreTesting(db, SecretBox.newKey()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("ACCOUNT_SECRET_KEY does not open signing key ")
                .hasMessageContaining("was it changed?");
        assertThat(rows(db, "select kid from tenant.signing_keys order by kid")).isEqualTo(keys);
    }

    /** The schema as the version before sealing left it. */
    private static void migrateToVersion9(DatabaseConfig db) {
        asOwner(db, c -> {
            try (Statement s = c.createStatement()) {
                s.execute("do $$ begin if not exists (select from pg_roles where rolname = '" + db.user()
                          + "') then create role " + db.user() + " login password '" + db.password()
                          + "'; end if; end $$");
            }
        });
        final Map<String, String> placeholders = Map.of("app_role", db.user(), "schema", SCHEMA);
        migrate(db, "classpath:db/platform", "platform_schema_history", placeholders, null);
        migrate(db, "classpath:db/migration/" + SCHEMA, "flyway_schema_history", placeholders, "9");
    }

    private static void migrate(DatabaseConfig db, String location, String table, Map<String, String> placeholders,
                                @Nullable String target) {
        var flyway = Flyway.configure().dataSource(db.jdbcUrl(), db.migrationUser(), db.migrationPassword())
                           .schemas(SCHEMA).createSchemas(true).locations(location).table(table)
                           .placeholders(placeholders).baselineOnMigrate(true).baselineVersion("0");
        if (target != null) {
            flyway = flyway.target(target);
        }
        flyway.load().migrate();
    }

    private static void insertUser(Connection c, String email, String passwordHash, String column, String secret)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "insert into tenant.users (id, email, display_name, password_hash, email_verified_at, " + column
                + (column.equals("totp_secret") ? ", totp_enabled_at) values (?, ?, ?, ?, now(), ?, now())"
                                                : ") values (?, ?, ?, ?, now(), ?)"))) {
            s.setObject(1, UUID.randomUUID());
            s.setString(2, email);
            s.setString(3, "Asha");
            s.setString(4, passwordHash);
            s.setString(5, secret);
            s.executeUpdate();
        }
    }

    private static List<String> rows(DatabaseConfig db, String sql) {
        final List<String> rows = new ArrayList<>();
        asOwner(db, c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                while (rs.next()) {
                    rows.add(rs.getString(1));
                }
            }
        });
        return rows;
    }

    private interface SqlWork {
        void run(Connection c) throws SQLException;
    }

    private static void asOwner(DatabaseConfig db, SqlWork work) {
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.migrationUser(), db.migrationPassword())) {
            work.run(c);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
