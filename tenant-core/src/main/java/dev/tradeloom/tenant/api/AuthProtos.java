package dev.tradeloom.tenant.api;

import java.time.Instant;
import java.util.UUID;

import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Timestamps;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;

import dev.tradeloom.tenant.domain.IssuedTokens;
import dev.tradeloom.tenant.store.SessionRow;
import dev.tradeloom.tenant.store.UserRow;
import dev.tradeloom.tenant.v1.Jwk;
import dev.tradeloom.tenant.v1.Jwks;
import dev.tradeloom.tenant.v1.Session;
import dev.tradeloom.tenant.v1.Tokens;
import dev.tradeloom.tenant.v1.User;

/** Domain → proto conversions of the auth service. */
final class AuthProtos {
    private AuthProtos() {}

    static User user(UserRow row) {
        return User.newBuilder()
                   .setId(row.id().toString())
                   .setEmail(row.email())
                   .setDisplayName(row.displayName())
                   .setLanguage(row.language())
                   .setEmailVerified(row.emailVerifiedAt() != null)
                   .setTotpEnabled(row.totpEnabled())
                   .setPlatformAdmin(row.platformAdmin())
                   .setCreateTime(timestamp(row.createdAt()))
                   .setUpdateTime(timestamp(row.updatedAt()))
                   .build();
    }

    static Tokens tokens(IssuedTokens tokens) {
        return Tokens.newBuilder()
                     .setAccessToken(tokens.accessToken())
                     .setAccessTokenExpireTime(timestamp(tokens.accessTokenExpiresAt()))
                     .setRefreshToken(tokens.refreshToken())
                     .setRefreshTokenExpireTime(timestamp(tokens.refreshTokenExpiresAt()))
                     .setSessionId(tokens.sessionId().toString())
                     .build();
    }

    static Session session(SessionRow row, UUID currentSession) {
        return Session.newBuilder()
                      .setId(row.id().toString())
                      .setCreateTime(timestamp(row.createdAt()))
                      .setLastUsedTime(timestamp(row.lastUsedAt()))
                      .setUserAgent(row.userAgent())
                      .setIpAddress(row.ipAddress())
                      .setCurrent(row.id().equals(currentSession))
                      .build();
    }

    static Jwks jwks(JWKSet keys) {
        final Jwks.Builder jwks = Jwks.newBuilder();
        for (JWK key : keys.getKeys()) {
            final ECKey ec = key.toECKey();
            jwks.addKeys(Jwk.newBuilder()
                            .setKty(ec.getKeyType().getValue())
                            .setCrv(ec.getCurve().getName())
                            .setX(ec.getX().toString())
                            .setY(ec.getY().toString())
                            .setKid(ec.getKeyID())
                            .setUse(ec.getKeyUse() == null ? "sig" : ec.getKeyUse().identifier())
                            .setAlg(ec.getAlgorithm() == null ? "ES256" : ec.getAlgorithm().getName()));
        }
        return jwks.build();
    }

    static Timestamp timestamp(Instant instant) {
        return Timestamps.fromMillis(instant.toEpochMilli());
    }
}
