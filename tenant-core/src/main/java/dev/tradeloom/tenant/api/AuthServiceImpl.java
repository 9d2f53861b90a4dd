package dev.tradeloom.tenant.api;

import static dev.tradeloom.platform.grpc.Replies.empty;
import static dev.tradeloom.platform.grpc.Replies.reply;
import static java.util.Objects.requireNonNull;

import java.util.UUID;

import com.google.protobuf.Empty;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.server.ServiceRequestContext;

import dev.tradeloom.platform.auth.Caller;
import dev.tradeloom.platform.auth.Callers;
import dev.tradeloom.tenant.domain.Accounts;
import dev.tradeloom.tenant.domain.ClientInfo;
import dev.tradeloom.tenant.domain.LoginResult;
import dev.tradeloom.tenant.domain.Logins;
import dev.tradeloom.tenant.domain.Sessions;
import dev.tradeloom.tenant.domain.SigningKeys;
import dev.tradeloom.tenant.domain.TwoFactor;
import dev.tradeloom.tenant.v1.AuthServiceGrpc;
import dev.tradeloom.tenant.v1.BeginTotpEnrollmentRequest;
import dev.tradeloom.tenant.v1.BeginTotpEnrollmentResponse;
import dev.tradeloom.tenant.v1.ChangePasswordRequest;
import dev.tradeloom.tenant.v1.CompleteSecondFactorRequest;
import dev.tradeloom.tenant.v1.ConfirmTotpEnrollmentRequest;
import dev.tradeloom.tenant.v1.ConfirmTotpEnrollmentResponse;
import dev.tradeloom.tenant.v1.DisableTotpRequest;
import dev.tradeloom.tenant.v1.GetCurrentUserRequest;
import dev.tradeloom.tenant.v1.GetJwksRequest;
import dev.tradeloom.tenant.v1.Jwks;
import dev.tradeloom.tenant.v1.ListSessionsRequest;
import dev.tradeloom.tenant.v1.ListSessionsResponse;
import dev.tradeloom.tenant.v1.LoginRequest;
import dev.tradeloom.tenant.v1.LoginResponse;
import dev.tradeloom.tenant.v1.LogoutRequest;
import dev.tradeloom.tenant.v1.RefreshTokensRequest;
import dev.tradeloom.tenant.v1.RegisterRequest;
import dev.tradeloom.tenant.v1.RequestPasswordResetRequest;
import dev.tradeloom.tenant.v1.ResendVerificationEmailRequest;
import dev.tradeloom.tenant.v1.ResetPasswordRequest;
import dev.tradeloom.tenant.v1.RevokeSessionRequest;
import dev.tradeloom.tenant.v1.Tokens;
import dev.tradeloom.tenant.v1.User;
import dev.tradeloom.tenant.v1.VerifyEmailRequest;
import io.grpc.stub.StreamObserver;

/** tradeloom.tenant.v1.AuthService over the account, login, session and second-factor rules. */
public final class AuthServiceImpl extends AuthServiceGrpc.AuthServiceImplBase {
    private final Accounts accounts;
    private final Logins logins;
    private final Sessions sessions;
    private final TwoFactor twoFactor;
    private final SigningKeys keys;

    public AuthServiceImpl(Accounts accounts, Logins logins, Sessions sessions, TwoFactor twoFactor,
                           SigningKeys keys) {
        this.accounts = requireNonNull(accounts, "accounts");
        this.logins = requireNonNull(logins, "logins");
        this.sessions = requireNonNull(sessions, "sessions");
        this.twoFactor = requireNonNull(twoFactor, "twoFactor");
        this.keys = requireNonNull(keys, "keys");
    }

    @Override
    public void register(RegisterRequest request, StreamObserver<User> out) {
        reply(out, AuthProtos.user(accounts.register(request.getEmail(), request.getPassword(),
                                                     request.getDisplayName(), request.getLanguage())));
    }

    @Override
    public void verifyEmail(VerifyEmailRequest request, StreamObserver<User> out) {
        reply(out, AuthProtos.user(accounts.verifyEmail(request.getToken())));
    }

    @Override
    public void resendVerificationEmail(ResendVerificationEmailRequest request, StreamObserver<Empty> out) {
        accounts.resendVerification(request.getEmail());
        empty(out);
    }

    @Override
    public void login(LoginRequest request, StreamObserver<LoginResponse> out) {
        final LoginResult result = logins.login(request.getEmail(), request.getPassword(), client());
        final LoginResponse.Builder response = LoginResponse.newBuilder();
        if (result.tokens() != null) {
            response.setTokens(AuthProtos.tokens(result.tokens()));
        } else {
            response.setSecondFactorToken(requireNonNull(result.secondFactorToken(), "secondFactorToken"));
        }
        reply(out, response.build());
    }

    @Override
    public void completeSecondFactor(CompleteSecondFactorRequest request, StreamObserver<Tokens> out) {
        reply(out, AuthProtos.tokens(logins.completeSecondFactor(request.getSecondFactorToken(),
                                                                 request.getCode(), client())));
    }

    @Override
    public void refreshTokens(RefreshTokensRequest request, StreamObserver<Tokens> out) {
        reply(out, AuthProtos.tokens(sessions.refresh(request.getRefreshToken())));
    }

    @Override
    public void logout(LogoutRequest request, StreamObserver<Empty> out) {
        sessions.logout(request.getRefreshToken());
        empty(out);
    }

    @Override
    public void requestPasswordReset(RequestPasswordResetRequest request, StreamObserver<Empty> out) {
        accounts.requestPasswordReset(request.getEmail());
        empty(out);
    }

    @Override
    public void resetPassword(ResetPasswordRequest request, StreamObserver<Empty> out) {
        accounts.resetPassword(request.getToken(), request.getNewPassword());
        empty(out);
    }

    @Override
    public void getJwks(GetJwksRequest request, StreamObserver<Jwks> out) {
        reply(out, AuthProtos.jwks(keys.publicKeys()));
    }

    @Override
    public void getCurrentUser(GetCurrentUserRequest request, StreamObserver<User> out) {
        reply(out, AuthProtos.user(accounts.get(Callers.required())));
    }

    @Override
    public void listSessions(ListSessionsRequest request, StreamObserver<ListSessionsResponse> out) {
        final Caller caller = Callers.required();
        final ListSessionsResponse.Builder response = ListSessionsResponse.newBuilder();
        sessions.list(caller).forEach(s -> response.addSessions(AuthProtos.session(s, caller.sessionId())));
        reply(out, response.build());
    }

    @Override
    public void revokeSession(RevokeSessionRequest request, StreamObserver<Empty> out) {
        sessions.revoke(Callers.required(), UUID.fromString(request.getSessionId()));
        empty(out);
    }

    @Override
    public void changePassword(ChangePasswordRequest request, StreamObserver<Empty> out) {
        accounts.changePassword(Callers.required(), request.getCurrentPassword(), request.getNewPassword());
        empty(out);
    }

    @Override
    public void beginTotpEnrollment(BeginTotpEnrollmentRequest request,
                                    StreamObserver<BeginTotpEnrollmentResponse> out) {
        final TwoFactor.Enrollment enrollment = twoFactor.begin(Callers.required());
        reply(out, BeginTotpEnrollmentResponse.newBuilder()
                                              .setSecret(enrollment.secret())
                                              .setOtpauthUri(enrollment.otpauthUri())
                                              .build());
    }

    @Override
    public void confirmTotpEnrollment(ConfirmTotpEnrollmentRequest request,
                                      StreamObserver<ConfirmTotpEnrollmentResponse> out) {
        reply(out, ConfirmTotpEnrollmentResponse.newBuilder()
                                                .addAllRecoveryCodes(twoFactor.confirm(Callers.required(),
                                                                                       request.getPassword(),
                                                                                       request.getCode()))
                                                .build());
    }

    @Override
    public void disableTotp(DisableTotpRequest request, StreamObserver<Empty> out) {
        twoFactor.disable(Callers.required(), request.getPassword());
        empty(out);
    }

    /** The user agent and address of the end client, as forwarded by the edge. */
    private static ClientInfo client() {
        final ServiceRequestContext ctx = ServiceRequestContext.currentOrNull();
        if (ctx == null) {
            return ClientInfo.UNKNOWN;
        }
        final RequestHeaders headers = ctx.request().headers();
        final String forwarded = headers.get("x-forwarded-for");
        final String address = forwarded != null ? forwarded.split(",")[0].trim()
                                                  : ctx.clientAddress().getHostAddress();
        final String userAgent = headers.get("x-client-user-agent", headers.get("user-agent", ""));
        return new ClientInfo(userAgent, address);
    }
}
