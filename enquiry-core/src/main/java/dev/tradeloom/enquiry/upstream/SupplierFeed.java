package dev.tradeloom.enquiry.upstream;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.UUID;

import dev.tradeloom.enquiry.domain.Suppliers;
import dev.tradeloom.enquiry.store.SupplierRow;
import dev.tradeloom.platform.feed.TenantFeed;
import dev.tradeloom.tenant.v1.TenantChange;
import dev.tradeloom.tenant.v1.TenantKind;
import dev.tradeloom.tenant.v1.TenantStatus;

/** tenant-core's change feed, as the supplier read-model stores it. */
public final class SupplierFeed implements TenantFeed.Sink {
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

    static SupplierRow supplier(TenantChange change) {
        final TenantKind kind = change.getKind();
        return new SupplierRow(UUID.fromString(change.getTenantId()), change.getName(),
                               kind == TenantKind.TENANT_KIND_SUPPLIER || kind == TenantKind.TENANT_KIND_BOTH,
                               !change.getDeleted() && change.getStatus() == TenantStatus.TENANT_STATUS_ACTIVE,
                               change.getSeq());
    }
}
