package dev.tradeloom.platform.logging;

import static java.util.Objects.requireNonNull;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

import com.linecorp.armeria.common.RequestContext;
import com.linecorp.armeria.common.RequestContextStorage;
import com.linecorp.armeria.server.DecoratingHttpServiceFunction;

import io.netty.util.AttributeKey;

/**
 * Keeps a call's request id and user id in the SLF4J MDC on whichever thread handles it: the
 * values live as attributes of Armeria's request context, and every time that context becomes
 * current on a thread (event loop, blocking executor, client callbacks) they are copied into the
 * MDC, and restored when it leaves. Log lines written anywhere during a call carry them.
 */
public final class RequestLogContext {
    /** MDC key of the request id. */
    public static final String REQUEST_ID_KEY = "request_id";
    /** MDC key of the signed-in user's id, when known. */
    public static final String USER_ID_KEY = "user_id";
    /** The HTTP header (and gRPC metadata key) that carries the request id between services. */
    public static final String HEADER = "x-request-id";

    private static final AttributeKey<String> REQUEST_ID = AttributeKey.valueOf(RequestLogContext.class,
                                                                                  "requestId");
    private static final AttributeKey<String> USER_ID = AttributeKey.valueOf(RequestLogContext.class, "userId");
    private static final AtomicBoolean INSTALLED = new AtomicBoolean();

    private RequestLogContext() {}

    /** Hooks the MDC into Armeria's context storage; call before serving. Safe to call again. */
    public static void install() {
        if (INSTALLED.compareAndSet(false, true)) {
            RequestContextStorage.hook(MdcStorage::new);
        }
    }

    /**
     * A server decorator that gives every request its id: the client's {@code x-request-id}
     * when it is sane, else a new one. With {@code echo}, the id is sent back in the response.
     */
    public static DecoratingHttpServiceFunction requestIds(boolean echo) {
        return (delegate, ctx, req) -> {
            final String id = sanitize(req.headers().get(HEADER));
            set(ctx, REQUEST_ID, REQUEST_ID_KEY, id);
            if (echo) {
                ctx.addAdditionalResponseHeader(HEADER, id);
            }
            return delegate.serve(ctx, req);
        };
    }

    /** The request id of {@code ctx}'s call, if one was assigned. */
    public static @Nullable String requestId(RequestContext ctx) {
        return requireNonNull(ctx, "ctx").attr(REQUEST_ID);
    }

    /** Records the signed-in user of the current call for its log lines. */
    public static void userId(RequestContext ctx, String userId) {
        set(ctx, USER_ID, USER_ID_KEY, requireNonNull(userId, "userId"));
    }

    /** The user recorded for {@code ctx}'s call, if any. */
    public static @Nullable String userId(RequestContext ctx) {
        return requireNonNull(ctx, "ctx").attr(USER_ID);
    }

    /** A client's own request id when it is short and plain, else a new one. */
    static String sanitize(@Nullable String fromClient) {
        if (fromClient != null && fromClient.length() <= 64 && fromClient.matches("[A-Za-z0-9._:-]+")) {
            return fromClient;
        }
        return UUID.randomUUID().toString();
    }

    private static void set(RequestContext ctx, AttributeKey<String> attr, String mdcKey, String value) {
        final RequestContext root = ctx.root() != null ? ctx.root() : ctx;
        root.setAttr(attr, value);
        if (RequestContext.currentOrNull() != null) {
            MDC.put(mdcKey, value);
        }
    }

    /** Copies the context's ids into the MDC on push and restores the previous ones on pop. */
    private static final class MdcStorage implements RequestContextStorage {
        private final RequestContextStorage delegate;

        MdcStorage(RequestContextStorage delegate) {
            this.delegate = delegate;
        }

        @Override
        public <T extends RequestContext> @Nullable T push(RequestContext toPush) {
            final T old = delegate.push(toPush);
            export(toPush);
            return old;
        }

        @Override
        public void pop(RequestContext current, @Nullable RequestContext toRestore) {
            delegate.pop(current, toRestore);
            export(toRestore);
        }

        @Override
        public <T extends RequestContext> @Nullable T currentOrNull() {
            return delegate.currentOrNull();
        }

        @Override
        public RequestContextStorage unwrap() {
            return delegate;
        }

        private static void export(@Nullable RequestContext ctx) {
            put(REQUEST_ID_KEY, ctx == null ? null : ctx.attr(REQUEST_ID));
            put(USER_ID_KEY, ctx == null ? null : ctx.attr(USER_ID));
        }

        private static void put(String key, @Nullable String value) {
            if (value == null) {
                MDC.remove(key);
            } else {
                MDC.put(key, value);
            }
        }
    }
}
