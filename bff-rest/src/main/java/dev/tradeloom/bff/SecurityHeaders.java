package dev.tradeloom.bff;

import java.util.Map;
import java.util.function.Function;

import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.SimpleDecoratingHttpService;

/**
 * Hardening headers on every response. The API serves JSON only, so its content policy
 * forbids everything; the docs page, which runs scripts, gets a policy of its own.
 */
final class SecurityHeaders {
    private static final String API_POLICY = "default-src 'none'; frame-ancestors 'none'";
    private static final String DOCS_POLICY = "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; "
                                              + "style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
                                              + "frame-ancestors 'none'";

    /** The headers of every API response. */
    static final Map<String, String> API = Map.of(
            "x-content-type-options", "nosniff",
            "x-frame-options", "DENY",
            "referrer-policy", "no-referrer",
            "strict-transport-security", "max-age=31536000; includeSubDomains",
            "content-security-policy", API_POLICY);

    private SecurityHeaders() {}

    static Function<? super HttpService, ? extends HttpService> decorator() {
        return delegate -> new SimpleDecoratingHttpService(delegate) {
            @Override
            public com.linecorp.armeria.common.HttpResponse serve(
                    com.linecorp.armeria.server.ServiceRequestContext ctx,
                    com.linecorp.armeria.common.HttpRequest req) throws Exception {
                API.forEach(ctx::addAdditionalResponseHeader);
                if (ctx.path().startsWith("/docs")) {
                    ctx.setAdditionalResponseHeader("content-security-policy", DOCS_POLICY);
                }
                return unwrap().serve(ctx, req);
            }
        };
    }
}
