package dev.tradeloom.tenant.domain;

import java.time.Instant;
import java.util.UUID;

/** What a successful login or refresh hands to the client. */
public record IssuedTokens(String accessToken, Instant accessTokenExpiresAt, String refreshToken,
                           Instant refreshTokenExpiresAt, UUID sessionId) {}
