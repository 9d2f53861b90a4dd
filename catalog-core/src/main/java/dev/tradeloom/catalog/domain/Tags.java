package dev.tradeloom.catalog.domain;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;

import org.jdbi.v3.core.Handle;
import org.jspecify.annotations.Nullable;

import dev.tradeloom.catalog.store.ProductDao;
import dev.tradeloom.catalog.store.TagDao;
import dev.tradeloom.catalog.store.TagRow;
import dev.tradeloom.catalog.store.TranslationDao;
import dev.tradeloom.platform.api.Etags;
import dev.tradeloom.platform.api.Page;
import dev.tradeloom.platform.api.PageTokens;
import dev.tradeloom.platform.db.Transactor;
import dev.tradeloom.platform.error.InvalidArgumentException;
import dev.tradeloom.platform.error.NotFoundException;
import dev.tradeloom.platform.id.Uuid7;

/** A tenant's tags. Deleting a tag takes it off every product. */
public final class Tags {
    private static final int DEFAULT_PAGE = 50;
    private static final int MAX_PAGE = 100;
    private static final TranslationDao.Kind KIND = TranslationDao.Kind.TAG;

    private final Transactor tx;

    public Tags(Transactor tx) {
        this.tx = requireNonNull(tx, "tx");
    }

    public Translated<TagRow> create(UUID tenantId, Translated<TagRow> draft, @Nullable UUID requestId) {
        checkRequired(draft.row());
        final UUID id = Uuid7.next();
        return Conflicts.idempotent(requestId, () -> tx.inTenant(tenantId, h -> {
            final TagDao tags = h.attach(TagDao.class);
            if (requestId != null) {
                final Optional<UUID> earlier = tags.findCreated(tenantId, requestId);
                if (earlier.isPresent()) {
                    return load(h, tenantId, earlier.get(), "");
                }
            }
            tags.insert(draft.row().withIdentity(tenantId, id), requestId);
            Translated.write(h, KIND, tenantId, id, draft.translations(), "tag.translations");
            return load(h, tenantId, id, "");
        }));
    }

    public Translated<TagRow> get(UUID tenantId, UUID id, String language) {
        return tx.inTenant(tenantId, h -> load(h, tenantId, id, language));
    }

    /** The tenant's tags by id. */
    public Page<Translated<TagRow>> list(UUID tenantId, int pageSize, String pageToken, String language) {
        final int size = PageTokens.pageSize(pageSize, DEFAULT_PAGE, MAX_PAGE);
        final UUID after = pageToken.isEmpty() ? null : PageTokens.uuid(PageTokens.decode(pageToken, 1).get(0));
        final List<Translated<TagRow>> rows = tx.inTenant(tenantId, h -> Translated.load(
                h, KIND, tenantId, h.attach(TagDao.class).list(tenantId, after, size + 1),
                TagRow::id, TagRow::name, TagRow::description, language));
        return Page.of(rows, size, last -> PageTokens.encode(last.row().id().toString()));
    }

    public Translated<TagRow> update(UUID tenantId, UUID id, String etag,
                                          UnaryOperator<Translated<TagRow>> change) {
        return Conflicts.mapped(() -> tx.inTenant(tenantId, h -> {
            final TagDao tags = h.attach(TagDao.class);
            final Translated<TagRow> current = load(h, tenantId, id, "");
            Etags.check(etag, current.row().version(), "The tag");
            final Translated<TagRow> changed = change.apply(current);
            final TagRow row = changed.row().withIdentity(tenantId, id);
            checkRequired(row);
            if (!tags.update(row, current.row().version())) {
                throw Etags.stale("The tag");
            }
            Translated.write(h, KIND, tenantId, id, changed.translations(), "tag.translations");
            return load(h, tenantId, id, "");
        }));
    }

    /** Deletes the tag; products that carried it lose it. */
    public void delete(UUID tenantId, UUID id, String etag) {
        tx.inTenant(tenantId, h -> {
            final TagDao tags = h.attach(TagDao.class);
            final TagRow current = tags.lock(tenantId, id).orElseThrow(() -> notFound(id));
            Etags.check(etag, current.version(), "The tag");
            // The products that lose the tag change: each gets a new etag.
            h.attach(ProductDao.class).touchTagged(tenantId, id);
            // Deleted only at the version checked: an update committed meanwhile makes the etag stale.
            if (!tags.delete(tenantId, id, etag.isEmpty() ? null : current.version()) && !etag.isEmpty()) {
                throw Etags.stale("The tag");
            }
            return null;
        });
    }

    private static Translated<TagRow> load(Handle h, UUID tenantId, UUID id, String language) {
        final TagRow row = h.attach(TagDao.class).find(tenantId, id).orElseThrow(() -> notFound(id));
        return Translated.load(h, KIND, tenantId, List.of(row), TagRow::id, TagRow::name,
                               TagRow::description, language).get(0);
    }

    private static void checkRequired(TagRow row) {
        if (row.name().isBlank()) {
            throw InvalidArgumentException.of("tag.name", "is required");
        }
    }

    private static NotFoundException notFound(UUID id) {
        return new NotFoundException("TAG_NOT_FOUND", "No tag " + id + " in this tenant.");
    }
}
