package dev.tradeloom.enquiry.upstream;

import org.jspecify.annotations.Nullable;

import com.linecorp.armeria.client.Clients;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.util.SafeCloseable;
import com.linecorp.armeria.server.ServiceRequestContext;

/** Carries the end user's bearer token from the current request to calls made to other services. */
final class CallerToken {
    private CallerToken() {}

    /** Adds the current request's Authorization header, if any, to calls made until closed. */
    static SafeCloseable forward() {
        final ServiceRequestContext ctx = ServiceRequestContext.currentOrNull();
        final @Nullable String authorization =
                ctx == null ? null : ctx.request().headers().get(HttpHeaderNames.AUTHORIZATION);
        if (authorization == null) {
            return () -> {};
        }
        return Clients.withHeader(HttpHeaderNames.AUTHORIZATION, authorization);
    }
}
