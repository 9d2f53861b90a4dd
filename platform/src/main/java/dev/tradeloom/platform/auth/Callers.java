package dev.tradeloom.platform.auth;

import java.util.Optional;

import dev.tradeloom.platform.error.UnauthenticatedException;
import io.grpc.Context;

/** The caller of the current gRPC call, set by the request guard. */
public final class Callers {
    static final Context.Key<Caller> KEY = Context.key("tradeloom-caller");

    private Callers() {}

    /** The signed-in caller, if any. */
    public static Optional<Caller> current() {
        return Optional.ofNullable(KEY.get());
    }

    /** The signed-in caller; UNAUTHENTICATED when there is none. */
    public static Caller required() {
        return current().orElseThrow(() -> new UnauthenticatedException(
                "SIGN_IN_REQUIRED", "Sign in first: send Authorization: Bearer <access token>."));
    }

    /** {@code context} with {@code caller} attached. */
    public static Context attach(Context context, Caller caller) {
        return context.withValue(KEY, caller);
    }
}
