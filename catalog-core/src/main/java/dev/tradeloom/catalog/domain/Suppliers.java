package dev.tradeloom.catalog.domain;

import static java.util.Objects.requireNonNull;

import java.util.List;

import dev.tradeloom.catalog.store.SupplierDao;
import dev.tradeloom.catalog.store.SupplierRow;
import dev.tradeloom.platform.db.Scope;
import dev.tradeloom.platform.db.Transactor;

/**
 * The supplier read-model: tenants as tenant-core reported them, kept with the feed position in
 * one transaction, so a crash never skips or half-applies a batch.
 */
public final class Suppliers {
    /** The name of tenant-core's tenant change feed in {@code sync_cursors}. */
    public static final String FEED = "tenant-core.tenants";

    private final Transactor tx;

    public Suppliers(Transactor tx) {
        this.tx = requireNonNull(tx, "tx");
    }

    /** The feed position applied so far; 0 before the first batch. */
    public long position() {
        return tx.inSystem(h -> h.attach(SupplierDao.class).position(FEED).orElse(0L));
    }

    /** Applies {@code changes} (each acting for its own tenant) and moves the feed position to {@code lastSeq}. */
    public void apply(List<SupplierRow> changes, long lastSeq) {
        tx.inSystem(h -> {
            final SupplierDao suppliers = h.attach(SupplierDao.class);
            for (SupplierRow change : changes) {
                Transactor.actAs(h, Scope.tenant(change.tenantId()));
                suppliers.upsert(change);
            }
            Transactor.actAs(h, Scope.system());
            suppliers.savePosition(FEED, lastSeq);
            return null;
        });
    }
}
