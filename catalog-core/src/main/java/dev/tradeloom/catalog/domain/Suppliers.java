package dev.tradeloom.catalog.domain;

import java.util.List;

import dev.tradeloom.catalog.store.SupplierDao;
import dev.tradeloom.catalog.store.SupplierRow;
import dev.tradeloom.platform.db.Transactor;
import dev.tradeloom.platform.feed.FeedReadModel;

/**
 * The supplier read-model: tenants as tenant-core reported them, kept with the feed position in
 * one transaction, so a crash never skips or half-applies a batch.
 */
public final class Suppliers {
    /** The name of tenant-core's tenant change feed in {@code sync_cursors}. */
    public static final String FEED = "tenant-core.tenants";

    private final FeedReadModel<SupplierRow> model;

    public Suppliers(Transactor tx) {
        model = new FeedReadModel<>(tx, FEED, SupplierRow::tenantId,
                                    (h, row) -> h.attach(SupplierDao.class).upsert(row));
    }

    /** The feed position applied so far; 0 before the first batch. */
    public long position() {
        return model.position();
    }

    /** Applies {@code changes} (each acting for its own tenant) and moves the position to {@code lastSeq}. */
    public void apply(List<SupplierRow> changes, long lastSeq) {
        model.apply(changes, lastSeq);
    }
}
