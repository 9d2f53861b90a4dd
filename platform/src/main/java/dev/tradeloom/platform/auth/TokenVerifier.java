package dev.tradeloom.platform.auth;

import static java.util.Objects.requireNonNull;

import java.net.MalformedURLException;
import java.net.URI;
import java.text.ParseException;
import java.util.Set;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.ConfigurableJWTProcessor;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

import dev.tradeloom.platform.error.UnauthenticatedException;

/**
 * Verifies access tokens locally: ES256 signature against the JWKS published by tenant-core
 * (cached, refetched when a token names an unknown {@code kid}), issuer and expiry.
 */
public final class TokenVerifier {
    private final ConfigurableJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

    public TokenVerifier(JWKSource<SecurityContext> keys) {
        requireNonNull(keys, "keys");
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.ES256, keys));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(
                new JWTClaimsSet.Builder().issuer(AccessTokenClaims.ISSUER).build(),
                Set.of("sub", "exp", AccessTokenClaims.SESSION)));
    }

    /** A verifier that fetches keys from a JWKS URL such as {@code http://tenant-core:9101/.well-known/jwks.json}. */
    public static TokenVerifier fromJwksUrl(String jwksUrl) {
        try {
            return new TokenVerifier(JWKSourceBuilder.create(URI.create(jwksUrl).toURL())
                                                     .retrying(true)
                                                     .build());
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("jwksUrl: " + jwksUrl + " (expected: an http(s) URL)", e);
        }
    }

    /** The caller proven by {@code token}; throws {@link UnauthenticatedException} otherwise. */
    public Caller verify(String token) {
        requireNonNull(token, "token");
        try {
            return AccessTokenClaims.toCaller(processor.process(token, null));
        } catch (ParseException | BadJOSEException | IllegalArgumentException e) {
            throw new UnauthenticatedException("INVALID_TOKEN",
                                               "The access token is invalid or expired; refresh it or sign in again.");
        } catch (JOSEException e) {
            throw new UnauthenticatedException("TOKEN_UNVERIFIABLE",
                                               "The access token cannot be verified right now; retry shortly.");
        }
    }
}
