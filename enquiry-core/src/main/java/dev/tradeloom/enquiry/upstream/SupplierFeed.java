package dev.tradeloom.enquiry.upstream;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tradeloom.enquiry.domain.Suppliers;
import dev.tradeloom.enquiry.store.SupplierRow;
import dev.tradeloom.platform.feed.TenantFeed;
import dev.tradeloom.tenant.v1.TenantChange;
import dev.tradeloom.tenant.v1.TenantKind;
import dev.tradeloom.tenant.v1.TenantStatus;
import io.grpc.Status;

/** tenant-core's change feed, as the supplier read-model stores it. */
public final class SupplierFeed implements TenantFeed.Sink {
    private static final Logger logger = LoggerFactory.getLogger(SupplierFeed.class);

    private final Suppliers suppliers;

    public SupplierFeed(Suppliers suppliers) {
        this.suppliers = requireNonNull(suppliers, "suppliers");
    }

    @Override
    public long position() {
        return suppliers.position();
    }

    @Override
    public void apply(List<TenantChange> changes, long lastSeq) {
        suppliers.apply(changes.stream().map(SupplierFeed::supplier).toList(), lastSeq);
    }

    /** Pulls {@code feed} now; UNAVAILABLE when tenant-core cannot be reached. */
    public static Runnable catchUp(TenantFeed feed) {
        requireNonNull(feed, "feed");
        return () -> {
            try {
                feed.pull();
            } catch (RuntimeException e) {
                logger.warn("Catching up with tenant-core's feed failed: {}", e.toString());
                throw Status.UNAVAILABLE
                        .withDescription("The supplier directory is unavailable; retry shortly.")
                        .asRuntimeException();
            }
        };
    }

    static SupplierRow supplier(TenantChange change) {
        final TenantKind kind = change.getKind();
        return new SupplierRow(UUID.fromString(change.getTenantId()), change.getName(),
                               kind == TenantKind.TENANT_KIND_SUPPLIER || kind == TenantKind.TENANT_KIND_BOTH,
                               !change.getDeleted() && change.getStatus() == TenantStatus.TENANT_STATUS_ACTIVE,
                               change.getSeq());
    }
}
