package dev.tradeloom.platform.auth;

import static java.util.Objects.requireNonNull;

import java.net.MalformedURLException;
import java.net.URI;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSetUnavailableException;
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
import dev.tradeloom.platform.error.UnavailableException;

/**
 * Verifies access tokens locally: ES256 signature against the JWKS published by tenant-core
 * (cached, refetched when a token names an unknown {@code kid}), issuer and expiry.
 *
 * <p>A verifier reading a JWKS URL remembers a verified token for up to a minute (never past its
 * expiry), because one request checks the same token at the edge and in each service it reaches,
 * and a client sends the same token with every call: an ES256 verification costs more CPU than a
 * short query. Such a verifier caches the key set for minutes anyway, so a retired key is not
 * honoured longer for it. The issuer's own verifier, built on its live keys, remembers nothing.
 */
public final class TokenVerifier {
    private static final Duration REMEMBER = Duration.ofMinutes(1);
    private static final int REMEMBERED_TOKENS = 100_000;
    /**
     * How long keys already fetched keep verifying while the JWKS URL cannot be reached: a key service
     * restarting or overloaded does not turn every signed-in call into a 401.
     */
    private static final Duration OUTAGE_TOLERANCE = Duration.ofHours(1);

    /** A caller proven by a token, and when that token expires. */
    private record Verified(Caller caller, Instant expiresAt) {}

    private final ConfigurableJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    private final @Nullable Cache<String, Verified> verified;

    /** A verifier of tokens signed by {@code keys}, checking every token afresh. */
    public TokenVerifier(JWKSource<SecurityContext> keys) {
        this(keys, false);
    }

    private TokenVerifier(JWKSource<SecurityContext> keys, boolean remember) {
        requireNonNull(keys, "keys");
        verified = remember ? Caffeine.newBuilder().expireAfterWrite(REMEMBER).maximumSize(REMEMBERED_TOKENS)
                                      .build()
                            : null;
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.ES256, keys));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(
                new JWTClaimsSet.Builder().issuer(AccessTokenClaims.ISSUER).build(),
                Set.of("sub", "exp", AccessTokenClaims.SESSION)));
    }

    /** A verifier that fetches keys from a JWKS URL such as {@code http://tenant-core:9101/.well-known/jwks.json}. */
    public static TokenVerifier fromJwksUrl(String jwksUrl) {
        return fromJwksUrl(jwksUrl, Duration.ofMillis(JWKSourceBuilder.DEFAULT_CACHE_TIME_TO_LIVE));
    }

    /** As {@link #fromJwksUrl(String)}, fetching the keys again once they are {@code cacheFor} old. */
    static TokenVerifier fromJwksUrl(String jwksUrl, Duration cacheFor) {
        final long lifetime = cacheFor.toMillis();
        final long refreshTimeout = Math.min(JWKSourceBuilder.DEFAULT_CACHE_REFRESH_TIMEOUT, lifetime / 2);
        try {
            // The refresh-ahead window and the interval between fetches for unknown kids must fit in the
            // cache's lifetime.
            return new TokenVerifier(JWKSourceBuilder.create(URI.create(jwksUrl).toURL())
                                                     .cache(lifetime, refreshTimeout)
                                                     .refreshAheadCache(lifetime > refreshTimeout
                                                             + JWKSourceBuilder.DEFAULT_REFRESH_AHEAD_TIME)
                                                     .rateLimited(Math.min(
                                                             JWKSourceBuilder.DEFAULT_RATE_LIMIT_MIN_INTERVAL,
                                                             lifetime / 2))
                                                     .retrying(true)
                                                     .outageTolerant(OUTAGE_TOLERANCE.toMillis())
                                                     .build(), true);
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("jwksUrl: " + jwksUrl + " (expected: an http(s) URL)", e);
        }
    }

    /** The caller proven by {@code token}; throws {@link UnauthenticatedException} otherwise. */
    public Caller verify(String token) {
        requireNonNull(token, "token");
        final Verified known = verified == null ? null : verified.getIfPresent(token);
        if (known != null && Instant.now().isBefore(known.expiresAt())) {
            return known.caller();
        }
        try {
            final JWTClaimsSet claims = processor.process(token, null);
            final Caller caller = AccessTokenClaims.toCaller(claims);
            if (verified != null) {
                verified.put(token, new Verified(caller, claims.getExpirationTime().toInstant()));
            }
            return caller;
        } catch (ParseException | BadJOSEException | IllegalArgumentException e) {
            throw new UnauthenticatedException("INVALID_TOKEN",
                                               "The access token is invalid or expired; refresh it or sign in again.");
        } catch (JWKSetUnavailableException e) {
            // The keys cannot be fetched: the token may be fine, so the client should retry, not sign in again.
            throw new UnavailableException("TOKEN_KEYS_UNAVAILABLE",
                                           "Access tokens cannot be verified right now; retry shortly.");
        } catch (JOSEException e) {
            throw new UnauthenticatedException("TOKEN_UNVERIFIABLE",
                                               "The access token cannot be verified; refresh it or sign in again.");
        }
    }
}
