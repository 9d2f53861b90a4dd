package dev.tradeloom.platform.grpc;

import static java.util.Objects.requireNonNull;

import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import com.linecorp.armeria.server.ServiceRequestContext;

import dev.tradeloom.api.v1.Access;
import dev.tradeloom.api.v1.Role;
import dev.tradeloom.platform.auth.Caller;
import dev.tradeloom.platform.auth.Callers;
import dev.tradeloom.platform.auth.MembershipResolver;
import dev.tradeloom.platform.auth.PermissionMatrix;
import dev.tradeloom.platform.auth.TokenVerifier;
import dev.tradeloom.platform.error.ApiException;
import dev.tradeloom.platform.error.InvalidArgumentException;
import dev.tradeloom.platform.error.PermissionDeniedException;
import dev.tradeloom.platform.error.UnauthenticatedException;
import dev.tradeloom.platform.logging.RequestLogContext;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.health.v1.HealthGrpc;

/**
 * Enforces each rpc's declared access in three steps: authenticate the bearer token (if any)
 * and check the audience; validate the request against its protovalidate rules; for tenant
 * rpcs, check the caller's role in the named tenant against the permission matrix.
 */
public final class RequestGuard implements ServerInterceptor {
    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final String BEARER = "bearer ";
    private static final Logger logger = LoggerFactory.getLogger(RequestGuard.class);

    private final TokenVerifier tokens;
    private final MembershipResolver memberships;
    private final RequestValidator validator;

    public RequestGuard(TokenVerifier tokens, MembershipResolver memberships, RequestValidator validator) {
        this.tokens = requireNonNull(tokens, "tokens");
        this.memberships = requireNonNull(memberships, "memberships");
        this.validator = requireNonNull(validator, "validator");
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                      ServerCallHandler<Q, R> next) {
        if (HealthGrpc.SERVICE_NAME.equals(call.getMethodDescriptor().getServiceName())) {
            // The standard health service declares no access of ours: probes are public and send no token.
            return next.startCall(call, headers);
        }
        final Access access = MethodAccess.of(call.getMethodDescriptor());
        final @Nullable Caller caller;
        try {
            caller = authenticate(headers.get(AUTHORIZATION));
            if (caller != null) {
                RequestLogContext.userId(ServiceRequestContext.current(), caller.userId().toString());
            }
            checkAudience(access, caller);
        } catch (ApiException e) {
            final Metadata trailers = new Metadata();
            call.close(GrpcErrors.toStatus(e, trailers), trailers);
            return new ServerCall.Listener<>() {};
        }
        final Context context = caller == null ? Context.current() : Callers.attach(Context.current(), caller);
        final ServerCall.Listener<Q> delegate = Contexts.interceptCall(context, call, headers, next);
        return new SimpleForwardingServerCallListener<>(delegate) {
            @Override
            public void onMessage(Q message) {
                validator.validate((Message) message);
                if (access.getAudience() == dev.tradeloom.api.v1.Audience.AUDIENCE_TENANT_MEMBER) {
                    authorize(access, requireNonNull(caller, "caller"), (Message) message);
                }
                logger.debug("{} admitted for {}", call.getMethodDescriptor().getFullMethodName(),
                             caller == null ? "an anonymous caller" : "user " + caller.userId());
                super.onMessage(message);
            }
        };
    }

    private @Nullable Caller authenticate(@Nullable String authorization) {
        if (authorization == null || authorization.isBlank()) {
            return null;
        }
        if (!authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw new UnauthenticatedException("INVALID_TOKEN",
                                               "Authorization must be 'Bearer <access token>'.");
        }
        return tokens.verify(authorization.substring(BEARER.length()).trim());
    }

    private static void checkAudience(Access access, @Nullable Caller caller) {
        switch (access.getAudience()) {
            case AUDIENCE_PUBLIC:
                return;
            case AUDIENCE_PLATFORM_ADMIN:
                if (caller != null && !caller.platformAdmin()) {
                    throw new PermissionDeniedException("PLATFORM_ADMIN_REQUIRED",
                                                        "Only platform operators may do this.");
                }
                break;
            default:
                break;
        }
        if (caller == null) {
            throw new UnauthenticatedException("SIGN_IN_REQUIRED",
                                               "Sign in first: send Authorization: Bearer <access token>.");
        }
    }

    private void authorize(Access access, Caller caller, Message request) {
        final String field = access.getTenantField().isEmpty() ? "tenant_id" : access.getTenantField();
        final UUID tenantId = tenantId(request, field);
        if (caller.platformAdmin()) {
            return;
        }
        final Role role = memberships.roleIn(caller, tenantId);
        if (!PermissionMatrix.allows(role, access.getPermission())) {
            throw new PermissionDeniedException(
                    "MISSING_PERMISSION",
                    role == null ? "You are not a member of tenant " + tenantId + '.'
                                 : "Your role " + role + " in tenant " + tenantId + " lacks "
                                   + access.getPermission() + '.');
        }
    }

    private static UUID tenantId(Message request, String path) {
        Message current = request;
        final String[] parts = path.split("\\.");
        for (int i = 0; i < parts.length; i++) {
            final FieldDescriptor field = current.getDescriptorForType().findFieldByName(parts[i]);
            if (field == null) {
                throw new IllegalStateException(
                        "Contract names tenant field '" + path + "' missing from " + request.getDescriptorForType());
            }
            final Object value = current.getField(field);
            if (i == parts.length - 1) {
                try {
                    return UUID.fromString((String) value);
                } catch (IllegalArgumentException e) {
                    throw InvalidArgumentException.of(path, "'" + value + "' is not a tenant id (expected: a UUID)");
                }
            }
            current = (Message) value;
        }
        throw new IllegalStateException("empty tenant field path");
    }

}
