package dev.tradeloom.bff;

import static java.util.Objects.requireNonNull;

import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.server.DecoratingHttpServiceFunction;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.HttpStatusException;
import com.linecorp.armeria.server.ServiceRequestContext;

/**
 * Serves {@code /internal/metrics} only to clients on {@code METRICS_ALLOWED_NETWORKS}, each judged by the
 * address {@link ClientAddresses} resolves: behind trusted proxies the client they forward for, never a
 * forwarded-for header from anyone else.
 */
final class MetricsAccess implements DecoratingHttpServiceFunction {
    private final AddressBlocks allowed;
    private final ClientAddresses addresses;

    MetricsAccess(AddressBlocks allowed, ClientAddresses addresses) {
        this.allowed = requireNonNull(allowed, "allowed");
        this.addresses = requireNonNull(addresses, "addresses");
    }

    @Override
    public HttpResponse serve(HttpService delegate, ServiceRequestContext ctx, HttpRequest req)
            throws Exception {
        if (allowed.contains(addresses.of(ctx))) {
            return delegate.serve(ctx, req);
        }
        // 404, not 403: a refusal would confirm to anyone scanning that the edge exposes metrics here.
        // Thrown, as for an unknown route, so the error handler renders the very same answer.
        throw HttpStatusException.of(HttpStatus.NOT_FOUND);
    }
}
