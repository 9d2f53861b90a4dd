package dev.tradeloom.bff;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;

import org.jspecify.annotations.Nullable;

import com.linecorp.armeria.server.ServiceRequestContext;

import dev.tradeloom.api.v1.RateTier;
import dev.tradeloom.platform.auth.TokenVerifier;
import dev.tradeloom.platform.error.UnauthenticatedException;
import dev.tradeloom.platform.error.UnavailableException;
import dev.tradeloom.platform.logging.RequestLogContext;

/**
 * Whom a request counts against: the signed-in user, else the client's address. Sign-in attempts (the
 * auth tier) always count against the address: a token of one's own must not buy more guesses at
 * another account's password or second factor.
 */
final class ClientKeys {
    private static final String BEARER = "bearer ";

    private final TokenVerifier tokens;
    private final ClientAddresses addresses;

    ClientKeys(TokenVerifier tokens, ClientAddresses addresses) {
        this.tokens = requireNonNull(tokens, "tokens");
        this.addresses = requireNonNull(addresses, "addresses");
    }

    /** The client's address, as {@link ClientAddresses} reads it. */
    InetAddress address(ServiceRequestContext ctx) {
        return addresses.of(ctx);
    }

    String of(RateTier tier, @Nullable String authorization, ServiceRequestContext ctx) {
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            try {
                final String userId = tokens.verify(authorization.substring(BEARER.length()).trim()).userId()
                                            .toString();
                RequestLogContext.userId(ctx, userId);
                if (tier != RateTier.RATE_TIER_AUTH) {
                    return "user:" + userId;
                }
            } catch (UnauthenticatedException | UnavailableException e) {
                // The core service rejects the token (or cannot check it either); it counts against the address.
            }
        }
        return addresses.key(ctx);
    }
}
