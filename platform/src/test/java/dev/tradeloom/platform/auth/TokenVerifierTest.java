package dev.tradeloom.platform.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.Server;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.SignedJWT;

import dev.tradeloom.platform.error.UnauthenticatedException;
import dev.tradeloom.platform.error.UnavailableException;

/** Token verification against keys fetched over real HTTP from a JWKS endpoint that can go down. */
class TokenVerifierTest {
    private static final AtomicBoolean UP = new AtomicBoolean(true);
    private static ECKey key;
    private static Server jwks;

    @BeforeAll
    static void start() throws Exception {
        key = new ECKeyGenerator(Curve.P_256).keyID("k1").generate();
        final String document = new JWKSet(key.toPublicJWK()).toString();
        jwks = Server.builder().http(0).service("/.well-known/jwks.json", (ctx, req) -> UP.get()
                ? HttpResponse.of(HttpStatus.OK, MediaType.JSON_UTF_8, document)
                : HttpResponse.of(HttpStatus.SERVICE_UNAVAILABLE)).build();
        jwks.start().join();
    }

    @AfterAll
    static void stop() {
        jwks.stop().join();
    }

    @Test
    void keysAlreadyFetched_keepVerifying_whileTheKeyServiceIsDown() throws Exception {
        UP.set(true);
        // Keys cached for a moment only, so the next token needs a fetch that fails.
        final TokenVerifier verifier = TokenVerifier.fromJwksUrl(url(), Duration.ofMillis(20));
        assertThat(verifier.verify(token(key, "k1")).userId()).isNotNull();
        UP.set(false);
        try {
            Thread.sleep(50);
            assertThat(verifier.verify(token(key, "k1")).userId()).isNotNull();
        } finally {
            UP.set(true);
        }
    }

    @Test
    void aKeyServiceThatWasNeverReached_isUnavailable_notAnInvalidToken() throws Exception {
        UP.set(false);
        try {
            final TokenVerifier verifier = TokenVerifier.fromJwksUrl(url(), Duration.ofMinutes(5));
            assertThatThrownBy(() -> verifier.verify(token(key, "k1")))
                    .isInstanceOfSatisfying(UnavailableException.class,
                                            e -> assertThat(e.reason()).isEqualTo("TOKEN_KEYS_UNAVAILABLE"));
        } finally {
            UP.set(true);
        }
        // A key the service does not publish is still an invalid token.
        final ECKey stranger = new ECKeyGenerator(Curve.P_256).keyID("k1").generate();
        assertThatThrownBy(() -> TokenVerifier.fromJwksUrl(url(), Duration.ofMinutes(5)).verify(token(stranger, "k1")))
                .isInstanceOf(UnauthenticatedException.class);
    }

    private static String url() {
        return "http://127.0.0.1:" + jwks.activeLocalPort() + "/.well-known/jwks.json";
    }

    private static String token(ECKey signer, String kid) throws Exception {
        final Caller caller = new Caller(UUID.randomUUID(), UUID.randomUUID(), false, true, Map.of());
        final SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(kid).build(),
                                            AccessTokenClaims.toClaims(caller, Instant.now(),
                                                                       Instant.now().plusSeconds(600)));
        jwt.sign(new ECDSASigner(signer));
        return jwt.serialize();
    }
}
