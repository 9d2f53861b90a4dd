package dev.tradeloom.tenant.domain;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.SignedJWT;

import dev.tradeloom.platform.auth.AccessTokenClaims;
import dev.tradeloom.platform.auth.Caller;

/** Signs short-lived access tokens (ES256 JWT with {@code kid}) with the current signing key. */
public final class TokenIssuer {
    /** An access token and when it stops working. */
    public record AccessToken(String token, Instant expiresAt) {}

    private final SigningKeys keys;
    private final Duration ttl;

    public TokenIssuer(SigningKeys keys, Duration ttl) {
        this.keys = requireNonNull(keys, "keys");
        this.ttl = requireNonNull(ttl, "ttl");
    }

    public AccessToken issue(Caller caller) {
        final Instant now = Instant.now();
        final Instant expiresAt = now.plus(ttl);
        final ECKey key = keys.signingKey();
        final SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256)
                                                    .keyID(key.getKeyID())
                                                    .type(JOSEObjectType.JWT)
                                                    .build(),
                                            AccessTokenClaims.toClaims(caller, now, expiresAt));
        try {
            jwt.sign(new ECDSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot sign with key " + key.getKeyID(), e);
        }
        return new AccessToken(jwt.serialize(), expiresAt);
    }
}
