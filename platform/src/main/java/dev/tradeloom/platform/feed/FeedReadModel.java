package dev.tradeloom.platform.feed;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Function;

import org.jdbi.v3.core.Handle;

import dev.tradeloom.platform.db.Scope;
import dev.tradeloom.platform.db.Transactor;

/**
 * A service's read-model of another service's tenants, kept from a change feed: each batch's rows are
 * written acting for their own tenant, and the feed's position moves in the same transaction, so a crash
 * never skips or half-applies a batch. The position lives in the service's {@code sync_cursors} table
 * ({@code feed text primary key, position bigint}).
 *
 * @param <R> a row of the read-model
 */
public final class FeedReadModel<R> {
    private final Transactor tx;
    private final String feed;
    private final Function<R, UUID> tenantOf;
    private final BiConsumer<Handle, R> upsert;

    /** Rows of {@code feed} belong to {@code tenantOf(row)} and are written by {@code upsert}. */
    public FeedReadModel(Transactor tx, String feed, Function<R, UUID> tenantOf, BiConsumer<Handle, R> upsert) {
        this.tx = requireNonNull(tx, "tx");
        this.feed = requireNonNull(feed, "feed");
        this.tenantOf = requireNonNull(tenantOf, "tenantOf");
        this.upsert = requireNonNull(upsert, "upsert");
    }

    /** The feed position applied so far; 0 before the first batch. */
    public long position() {
        return tx.inSystem(h -> h.createQuery("select position from sync_cursors where feed = :feed")
                                 .bind("feed", feed).mapTo(Long.class).findOne().orElse(0L));
    }

    /** Writes {@code rows} (each acting for its own tenant) and moves the position to {@code lastSeq}. */
    public void apply(List<R> rows, long lastSeq) {
        tx.inSystem(h -> {
            for (R row : rows) {
                Transactor.actAs(h, Scope.tenant(tenantOf.apply(row)));
                upsert.accept(h, row);
            }
            Transactor.actAs(h, Scope.system());
            return h.createUpdate("""
                    insert into sync_cursors (feed, position) values (:feed, :position)
                    on conflict (feed) do update set position = excluded.position, updated_at = now()""")
                    .bind("feed", feed).bind("position", lastSeq).execute();
        });
    }
}
