package dev.tradeloom.catalog.sync;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.UUID;

import dev.tradeloom.catalog.domain.Suppliers;
import dev.tradeloom.catalog.store.SupplierRow;
import dev.tradeloom.platform.feed.TenantFeed;
import dev.tradeloom.tenant.v1.TenantChange;
import dev.tradeloom.tenant.v1.TenantKind;
import dev.tradeloom.tenant.v1.TenantStatus;

/** tenant-core's change feed, as the catalog's supplier read-model stores it. */
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

    /**
     * The tenant as the catalog keeps it: active, so that buyers see its products, only while it is an
     * active tenant that sells (a supplier, or both); a buyer's own catalog stays private.
     */
    static SupplierRow supplier(TenantChange change) {
        final boolean sells = change.getKind() == TenantKind.TENANT_KIND_SUPPLIER
                              || change.getKind() == TenantKind.TENANT_KIND_BOTH;
        final boolean active = sells && !change.getDeleted()
                               && change.getStatus() == TenantStatus.TENANT_STATUS_ACTIVE;
        return new SupplierRow(UUID.fromString(change.getTenantId()), change.getSlug(), change.getName(),
                               change.getCity(), change.getDefaultLanguage().isEmpty() ? "en"
                                                                                        : change.getDefaultLanguage(),
                               active, change.getSeq());
    }
}
