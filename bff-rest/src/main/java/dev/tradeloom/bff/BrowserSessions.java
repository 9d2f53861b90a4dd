package dev.tradeloom.bff;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.util.Timestamps;
import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.Cookie;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.ResponseHeadersBuilder;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.annotation.Blocking;
import com.linecorp.armeria.server.annotation.Post;

import dev.tradeloom.api.v1.RateTier;
import dev.tradeloom.platform.error.InvalidArgumentException;
import dev.tradeloom.platform.grpc.GrpcErrors;
import dev.tradeloom.platform.logging.RequestLogContext;
import dev.tradeloom.tenant.v1.AuthServiceGrpc.AuthServiceBlockingStub;
import dev.tradeloom.tenant.v1.CompleteSecondFactorRequest;
import dev.tradeloom.tenant.v1.LoginRequest;
import dev.tradeloom.tenant.v1.LoginResponse;
import dev.tradeloom.tenant.v1.LogoutRequest;
import dev.tradeloom.tenant.v1.RefreshTokensRequest;
import dev.tradeloom.tenant.v1.Tokens;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;

/**
 * The browser sign-in flow under {@code /v1/browser}: the refresh token lives only in an
 * HttpOnly, SameSite=Strict cookie scoped to this path, so page scripts never see it; responses
 * carry the short-lived access token.
 */
final class BrowserSessions {
    static final String COOKIE = "tl_refresh";
    private static final String PATH = "/v1/browser";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AuthServiceBlockingStub auth;
    private final RateLimits limits;
    private final ClientAddresses addresses;
    private final boolean secureCookie;
    private final Duration requestTimeout;

    /** {@code requestTimeout}: the edge's request timeout, which each call to tenant-core has left of. */
    BrowserSessions(AuthServiceBlockingStub auth, RateLimits limits, ClientAddresses addresses,
                    boolean secureCookie, Duration requestTimeout) {
        this.auth = requireNonNull(auth, "auth");
        this.limits = requireNonNull(limits, "limits");
        this.addresses = requireNonNull(addresses, "addresses");
        this.secureCookie = secureCookie;
        this.requestTimeout = requireNonNull(requestTimeout, "requestTimeout");
    }

    /** POST /v1/browser/login {email, password}: tokens, or {secondFactorToken} when TOTP is on. */
    @Post("/login")
    @Blocking
    public HttpResponse login(ServiceRequestContext ctx, AggregatedHttpRequest request) {
        return guarded(ctx, () -> {
            final JsonNode body = jsonObject(request);
            final LoginResponse response = stub(ctx).login(LoginRequest.newBuilder()
                                                                       .setEmail(text(body, "email"))
                                                                       .setPassword(text(body, "password"))
                                                                       .build());
            if (response.hasTokens()) {
                return signedIn(response.getTokens());
            }
            return json(HttpStatus.OK, Map.of("secondFactorToken", response.getSecondFactorToken()), null);
        });
    }

    /** POST /v1/browser/login/second-factor {secondFactorToken, code}. */
    @Post("/login/second-factor")
    @Blocking
    public HttpResponse secondFactor(ServiceRequestContext ctx, AggregatedHttpRequest request) {
        return guarded(ctx, () -> {
            final JsonNode body = jsonObject(request);
            return signedIn(stub(ctx).completeSecondFactor(
                    CompleteSecondFactorRequest.newBuilder()
                                               .setSecondFactorToken(text(body, "secondFactorToken"))
                                               .setCode(text(body, "code")).build()));
        });
    }

    /** POST /v1/browser/refresh: rotates the cookie and returns a new access token. */
    @Post("/refresh")
    @Blocking
    public HttpResponse refresh(ServiceRequestContext ctx) {
        return guarded(ctx, () -> {
            final String refreshToken = cookie(ctx);
            if (refreshToken == null) {
                return EdgeErrors.response(ctx, HttpStatus.UNAUTHORIZED, "UNAUTHENTICATED",
                                           "No session cookie; sign in first.", "SIGN_IN_REQUIRED", Map.of());
            }
            final Tokens tokens;
            try {
                tokens = stub(ctx).refreshTokens(RefreshTokensRequest.newBuilder()
                                                                     .setRefreshToken(refreshToken).build());
            } catch (StatusRuntimeException e) {
                if (!refusesToken(e)) {
                    throw e;
                }
                // The cookie names no live session: sending it again would only fail again.
                return withCookieCleared(e.getStatus().getCode() == Status.Code.UNAUTHENTICATED
                        ? error(ctx, e)
                        : EdgeErrors.response(ctx, HttpStatus.UNAUTHORIZED, "UNAUTHENTICATED",
                                              "The session cookie is not valid; sign in again.",
                                              "SIGN_IN_REQUIRED", Map.of()));
            }
            return signedIn(tokens);
        });
    }

    /** POST /v1/browser/logout: ends the session and clears the cookie. */
    @Post("/logout")
    @Blocking
    public HttpResponse logout(ServiceRequestContext ctx) {
        return guarded(ctx, () -> {
            final String refreshToken = cookie(ctx);
            if (refreshToken != null) {
                try {
                    stub(ctx).logout(LogoutRequest.newBuilder().setRefreshToken(refreshToken).build());
                } catch (StatusRuntimeException e) {
                    if (!refusesToken(e)) {
                        throw e;
                    }
                    // A cookie that is no refresh token names no session: nothing to end, the cookie to clear.
                }
            }
            return json(HttpStatus.OK, Map.of(), cookie("", Duration.ZERO));
        });
    }

    private HttpResponse guarded(ServiceRequestContext ctx, java.util.function.Supplier<HttpResponse> action) {
        final String client = addresses.key(ctx);
        if (!limits.tryAcquire(RateTier.RATE_TIER_AUTH, client, ctx)) {
            return EdgeErrors.rateLimited(ctx);
        }
        try {
            return action.get();
        } catch (StatusRuntimeException e) {
            return error(ctx, e);
        } catch (MissingField e) {
            return EdgeErrors.response(ctx, HttpStatus.BAD_REQUEST, "INVALID_ARGUMENT", e.getMessage(),
                                       "INVALID_ARGUMENT", Map.of());
        } catch (InvalidArgumentException e) {
            return EdgeErrors.invalidArgument(ctx, e);
        } catch (NotJson e) {
            return EdgeErrors.response(ctx, HttpStatus.UNSUPPORTED_MEDIA_TYPE, "INVALID_ARGUMENT",
                                       e.getMessage(), "UNSUPPORTED_MEDIA_TYPE", Map.of());
        }
    }

    private static HttpResponse error(ServiceRequestContext ctx, StatusRuntimeException e) {
        final Metadata trailers = e.getTrailers();
        return EdgeErrors.fromStatus(ctx, e.getStatus(),
                                     trailers == null ? null : trailers.get(GrpcErrors.DETAILS_KEY));
    }

    /** Whether tenant-core refused the cookie's value itself: malformed, unknown, expired or revoked. */
    private static boolean refusesToken(StatusRuntimeException e) {
        final Status.Code code = e.getStatus().getCode();
        return code == Status.Code.INVALID_ARGUMENT || code == Status.Code.UNAUTHENTICATED;
    }

    private HttpResponse withCookieCleared(HttpResponse response) {
        final Cookie cleared = cookie("", Duration.ZERO);
        return response.mapHeaders(headers -> headers.toBuilder().cookie(cleared).build());
    }

    private HttpResponse signedIn(Tokens tokens) {
        final Map<String, Object> body = new LinkedHashMap<>();
        body.put("accessToken", tokens.getAccessToken());
        body.put("accessTokenExpireTime", Timestamps.toString(tokens.getAccessTokenExpireTime()));
        body.put("sessionId", tokens.getSessionId());
        final Duration maxAge = Duration.between(Instant.now(), Instant.ofEpochSecond(
                tokens.getRefreshTokenExpireTime().getSeconds()));
        return json(HttpStatus.OK, body, cookie(tokens.getRefreshToken(), maxAge));
    }

    private Cookie cookie(String value, Duration maxAge) {
        return Cookie.secureBuilder(COOKIE, value)
                     .secure(secureCookie)
                     .httpOnly(true)
                     .sameSite("Strict")
                     .path(PATH)
                     .maxAge(Math.max(0, maxAge.toSeconds()))
                     .build();
    }

    private static HttpResponse json(HttpStatus status, Map<String, ?> body, @Nullable Cookie cookie) {
        final ResponseHeadersBuilder headers = ResponseHeaders.builder(status).contentType(MediaType.JSON_UTF_8)
                                                               .set("cache-control", "no-store");
        if (cookie != null) {
            headers.cookie(cookie);
        }
        try {
            return HttpResponse.of(headers.build(), com.linecorp.armeria.common.HttpData.ofUtf8(
                    JSON.writeValueAsString(body)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write a response body", e);
        }
    }

    /**
     * The upstream stub carrying this browser's address and user agent, for the session list, and what is
     * left of the request's time as its deadline.
     */
    private AuthServiceBlockingStub stub(ServiceRequestContext ctx) {
        final Metadata headers = new Metadata();
        headers.put(ForwardedHeaders.FORWARDED_FOR, addresses.of(ctx).getHostAddress());
        final @Nullable String requestId = RequestLogContext.requestId(ctx);
        if (requestId != null) {
            headers.put(ForwardedHeaders.REQUEST_ID, requestId);
        }
        final String userAgent = ctx.request().headers().get("user-agent");
        if (userAgent != null) {
            headers.put(ForwardedHeaders.CLIENT_USER_AGENT, userAgent);
        }
        return auth.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                   .withDeadlineAfter(RequestDeadlines.remainingMillis(ctx, requestTimeout), TimeUnit.MILLISECONDS);
    }

    private static @Nullable String cookie(ServiceRequestContext ctx) {
        return ctx.request().headers().cookies().stream()
                  .filter(c -> COOKIE.equals(c.name()) && !c.value().isEmpty())
                  .map(Cookie::value).findFirst().orElse(null);
    }

    /**
     * The body as a JSON object. Only a JSON body is read: a cross-site form or a script's "simple" request
     * cannot send one without a CORS preflight.
     */
    private static JsonNode jsonObject(AggregatedHttpRequest request) {
        final @Nullable MediaType type = request.contentType();
        if (type == null || !type.isJson()) {
            throw new NotJson(type);
        }
        final JsonNode json;
        try {
            json = JSON.readTree(request.contentUtf8());
        } catch (JsonProcessingException e) {
            throw InvalidArgumentException.of("body", JsonSyntax.problem(e));
        }
        if (json == null || !json.isObject()) {
            throw InvalidArgumentException.of("body", "expected a JSON object");
        }
        return json;
    }

    private static String text(JsonNode body, String field) {
        final JsonNode value = body.get(field);
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw new MissingField(field);
        }
        return value.asText();
    }

    /** The body is not declared as JSON. */
    private static final class NotJson extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotJson(@Nullable MediaType type) {
            super("The body is " + (type == null ? "of no declared type" : type.withoutParameters())
                  + " (expected: application/json)", null, false, false);
        }
    }

    /** A required JSON field is absent or not a string. */
    private static final class MissingField extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MissingField(String field) {
            super(field + ": required (expected: a non-empty string)", null, false, false);
        }
    }
}
