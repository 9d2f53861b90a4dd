package dev.tradeloom.catalog.domain;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;

import org.jdbi.v3.core.Handle;
import org.jspecify.annotations.Nullable;

import dev.tradeloom.catalog.store.CategoryDao;
import dev.tradeloom.catalog.store.CategoryRow;
import dev.tradeloom.catalog.store.ProductDao;
import dev.tradeloom.catalog.store.TranslationDao;
import dev.tradeloom.platform.api.Etags;
import dev.tradeloom.platform.api.Page;
import dev.tradeloom.platform.api.PageTokens;
import dev.tradeloom.platform.db.Transactor;
import dev.tradeloom.platform.error.FailedPreconditionException;
import dev.tradeloom.platform.error.InvalidArgumentException;
import dev.tradeloom.platform.error.NotFoundException;
import dev.tradeloom.platform.id.Uuid7;

/** A tenant's category tree: no loops, no orphaned subcategories. */
public final class Categories {
    private static final int DEFAULT_PAGE = 50;
    private static final int MAX_PAGE = 100;
    private static final TranslationDao.Kind KIND = TranslationDao.Kind.CATEGORY;

    private final Transactor tx;

    public Categories(Transactor tx) {
        this.tx = requireNonNull(tx, "tx");
    }

    public Translated<CategoryRow> create(UUID tenantId, Translated<CategoryRow> draft, @Nullable UUID requestId) {
        checkRequired(draft.row());
        final UUID id = Uuid7.next();
        return Conflicts.idempotent(requestId, () -> tx.inTenant(tenantId, h -> {
            final CategoryDao categories = h.attach(CategoryDao.class);
            if (requestId != null) {
                final Optional<UUID> earlier = categories.findCreated(tenantId, requestId);
                if (earlier.isPresent()) {
                    return load(h, tenantId, earlier.get(), "");
                }
            }
            categories.insert(draft.row().withIdentity(tenantId, id), requestId);
            Translated.write(h, KIND, tenantId, id, draft.translations(), "category.translations");
            return load(h, tenantId, id, "");
        }));
    }

    public Translated<CategoryRow> get(UUID tenantId, UUID id, String language) {
        return tx.inTenant(tenantId, h -> load(h, tenantId, id, language));
    }

    /** The tenant's categories by id; only the children of {@code parentId} when it is set. */
    public Page<Translated<CategoryRow>> list(UUID tenantId, @Nullable UUID parentId, int pageSize,
                                              String pageToken, String language) {
        final int size = PageTokens.pageSize(pageSize, DEFAULT_PAGE, MAX_PAGE);
        final UUID after = pageToken.isEmpty() ? null : PageTokens.uuid(PageTokens.decode(pageToken, 1).get(0));
        final List<Translated<CategoryRow>> rows = tx.inTenant(tenantId, h -> Translated.load(
                h, KIND, tenantId, h.attach(CategoryDao.class).list(tenantId, parentId, after, size + 1),
                CategoryRow::id, CategoryRow::name, CategoryRow::description, language));
        return Page.of(rows, size, last -> PageTokens.encode(last.row().id().toString()));
    }

    public Translated<CategoryRow> update(UUID tenantId, UUID id, String etag,
                                          UnaryOperator<Translated<CategoryRow>> change) {
        return Conflicts.mapped(() -> tx.inTenant(tenantId, h -> {
            final CategoryDao categories = h.attach(CategoryDao.class);
            final Translated<CategoryRow> current = load(h, tenantId, id, "");
            Etags.check(etag, current.row().version(), "The category");
            final Translated<CategoryRow> changed = change.apply(current);
            final CategoryRow row = changed.row().withIdentity(tenantId, id);
            checkRequired(row);
            if (!categories.update(row, current.row().version())) {
                throw Etags.stale("The category");
            }
            Translated.write(h, KIND, tenantId, id, changed.translations(), "category.translations");
            return load(h, tenantId, id, "");
        }));
    }

    /** Deletes a category without subcategories; its products keep no category. */
    public void delete(UUID tenantId, UUID id, String etag) {
        tx.inTenant(tenantId, h -> {
            final CategoryDao categories = h.attach(CategoryDao.class);
            final CategoryRow current = categories.lock(tenantId, id).orElseThrow(() -> notFound(id));
            Etags.check(etag, current.version(), "The category");
            if (categories.hasChildren(tenantId, id)) {
                throw new FailedPreconditionException("CATEGORY_HAS_CHILDREN",
                                                      "Category " + id + " has subcategories; move or delete "
                                                      + "them first.");
            }
            // The products that lose the category change: each gets a new etag.
            h.attach(ProductDao.class).uncategorise(tenantId, id);
            // Deleted only at the version checked: an update committed meanwhile makes the etag stale.
            if (!categories.delete(tenantId, id, etag.isEmpty() ? null : current.version()) && !etag.isEmpty()) {
                throw Etags.stale("The category");
            }
            return null;
        });
    }

    private static Translated<CategoryRow> load(Handle h, UUID tenantId, UUID id, String language) {
        final CategoryRow row = h.attach(CategoryDao.class).find(tenantId, id).orElseThrow(() -> notFound(id));
        return Translated.load(h, KIND, tenantId, List.of(row), CategoryRow::id, CategoryRow::name,
                               CategoryRow::description, language).get(0);
    }

    private static void checkRequired(CategoryRow row) {
        if (row.name().isBlank()) {
            throw InvalidArgumentException.of("category.name", "is required");
        }
    }

    private static NotFoundException notFound(UUID id) {
        return new NotFoundException("CATEGORY_NOT_FOUND", "No category " + id + " in this tenant.");
    }
}
