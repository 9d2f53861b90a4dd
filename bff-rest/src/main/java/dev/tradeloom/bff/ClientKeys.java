package dev.tradeloom.bff;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

import com.linecorp.armeria.server.ServiceRequestContext;

import dev.tradeloom.platform.auth.TokenVerifier;
import dev.tradeloom.platform.error.UnauthenticatedException;
import dev.tradeloom.platform.logging.RequestLogContext;

/** Whom a request counts against: the signed-in user, else the client's address. */
final class ClientKeys {
    private static final String BEARER = "bearer ";

    private final TokenVerifier tokens;

    ClientKeys(TokenVerifier tokens) {
        this.tokens = requireNonNull(tokens, "tokens");
    }

    String of(@Nullable String authorization, ServiceRequestContext ctx) {
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            try {
                final String userId = tokens.verify(authorization.substring(BEARER.length()).trim()).userId()
                                            .toString();
                RequestLogContext.userId(ctx, userId);
                return "user:" + userId;
            } catch (UnauthenticatedException e) {
                // The core service rejects the token; until then it counts against the address.
            }
        }
        return "ip:" + ctx.clientAddress().getHostAddress();
    }
}
