package dev.tradeloom.tenant.domain;

import org.jspecify.annotations.Nullable;

/** Either tokens, or a challenge to complete with a second factor. */
public record LoginResult(@Nullable IssuedTokens tokens, @Nullable String secondFactorToken) {

    static LoginResult signedIn(IssuedTokens tokens) {
        return new LoginResult(tokens, null);
    }

    static LoginResult challenge(String secondFactorToken) {
        return new LoginResult(null, secondFactorToken);
    }
}
