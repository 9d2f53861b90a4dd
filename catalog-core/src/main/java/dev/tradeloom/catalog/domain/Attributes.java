package dev.tradeloom.catalog.domain;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;

import org.jdbi.v3.core.Handle;
import org.jspecify.annotations.Nullable;

import dev.tradeloom.catalog.store.AttributeDao;
import dev.tradeloom.catalog.store.AttributeRow;
import dev.tradeloom.catalog.store.ProductDao;
import dev.tradeloom.catalog.store.TranslationDao;
import dev.tradeloom.platform.api.Etags;
import dev.tradeloom.platform.api.Page;
import dev.tradeloom.platform.api.PageTokens;
import dev.tradeloom.platform.db.Transactor;
import dev.tradeloom.platform.error.InvalidArgumentException;
import dev.tradeloom.platform.error.NotFoundException;
import dev.tradeloom.platform.id.Uuid7;

/**
 * A tenant's attribute definitions: a key, a kind and, for enums, the allowed values. Products hold only
 * values a definition allows: deleting or narrowing one removes its values from products in the same
 * transaction.
 */
public final class Attributes {
    private static final int DEFAULT_PAGE = 50;
    private static final int MAX_PAGE = 100;
    private static final TranslationDao.Kind KIND = TranslationDao.Kind.ATTRIBUTE;

    private final Transactor tx;

    public Attributes(Transactor tx) {
        this.tx = requireNonNull(tx, "tx");
    }

    public Translated<AttributeRow> create(UUID tenantId, Translated<AttributeRow> draft, @Nullable UUID requestId) {
        checkRequired(draft.row());
        final UUID id = Uuid7.next();
        return Conflicts.idempotent(requestId, () -> tx.inTenant(tenantId, h -> {
            final AttributeDao attributes = h.attach(AttributeDao.class);
            if (requestId != null) {
                final Optional<UUID> earlier = attributes.findCreated(tenantId, requestId);
                if (earlier.isPresent()) {
                    return load(h, tenantId, earlier.get(), "");
                }
            }
            final AttributeRow row = draft.row().withIdentity(tenantId, id);
            attributes.insert(row, row.allowedValues().toArray(String[]::new), requestId);
            Translated.write(h, KIND, tenantId, id, draft.translations(), "attribute.translations");
            return load(h, tenantId, id, "");
        }));
    }

    public Translated<AttributeRow> get(UUID tenantId, UUID id, String language) {
        return tx.inTenant(tenantId, h -> load(h, tenantId, id, language));
    }

    /** The tenant's attribute definitions by id. */
    public Page<Translated<AttributeRow>> list(UUID tenantId, int pageSize, String pageToken, String language) {
        final int size = PageTokens.pageSize(pageSize, DEFAULT_PAGE, MAX_PAGE);
        final UUID after = pageToken.isEmpty() ? null : PageTokens.uuid(PageTokens.decode(pageToken, 1).get(0));
        final List<Translated<AttributeRow>> rows = tx.inTenant(tenantId, h -> Translated.load(
                h, KIND, tenantId, h.attach(AttributeDao.class).list(tenantId, after, size + 1),
                AttributeRow::id, AttributeRow::name, AttributeRow::description, language));
        return Page.of(rows, size, last -> PageTokens.encode(last.row().id().toString()));
    }

    /** Applies {@code change} if {@code etag} (when given) is still current; the key never changes. */
    public Translated<AttributeRow> update(UUID tenantId, UUID id, String etag,
                                          UnaryOperator<Translated<AttributeRow>> change) {
        return Conflicts.mapped(() -> tx.inTenant(tenantId, h -> {
            final AttributeDao attributes = h.attach(AttributeDao.class);
            final Translated<AttributeRow> current = load(h, tenantId, id, "");
            Etags.check(etag, current.row().version(), "The attribute");
            final Translated<AttributeRow> changed = change.apply(current);
            final AttributeRow row = changed.row().withIdentity(tenantId, id);
            checkRequired(row);
            if (!row.key().equals(current.row().key())) {
                // Products carry values by key: renaming would orphan them silently.
                throw InvalidArgumentException.of("attribute.key", "cannot change (products refer to it); create "
                                                                   + "a new attribute instead");
            }
            if (!attributes.update(row, row.allowedValues().toArray(String[]::new),
                                   current.row().version())) {
                throw Etags.stale("The attribute");
            }
            if (!row.kind().equals(current.row().kind())
                || !row.allowedValues().equals(current.row().allowedValues())) {
                // Products lose the values the narrower definition no longer allows: buyers see none.
                h.attach(ProductDao.class).removeDisallowedValues(tenantId, row.key());
            }
            Translated.write(h, KIND, tenantId, id, changed.translations(), "attribute.translations");
            return load(h, tenantId, id, "");
        }));
    }

    /**
     * Deletes the definition and, with it, its values on the tenant's products and variants, which get new
     * versions: what a buyer sees of a product (its attributes, search facets and filters) never names an
     * attribute the supplier deleted.
     */
    public void delete(UUID tenantId, UUID id, String etag) {
        tx.inTenant(tenantId, h -> {
            final AttributeDao attributes = h.attach(AttributeDao.class);
            final AttributeRow current = attributes.find(tenantId, id).orElseThrow(() -> notFound(id));
            Etags.check(etag, current.version(), "The attribute");
            // Deleted only at the version checked: an update committed meanwhile makes the etag stale.
            if (!attributes.delete(tenantId, id, etag.isEmpty() ? null : current.version())) {
                if (!etag.isEmpty()) {
                    throw Etags.stale("The attribute");
                }
                // Deleted meanwhile, with its values.
                return null;
            }
            h.attach(ProductDao.class).removeDisallowedValues(tenantId, current.key());
            return null;
        });
    }

    private static Translated<AttributeRow> load(Handle h, UUID tenantId, UUID id, String language) {
        final AttributeRow row = h.attach(AttributeDao.class).find(tenantId, id).orElseThrow(() -> notFound(id));
        return Translated.load(h, KIND, tenantId, List.of(row), AttributeRow::id, AttributeRow::name,
                               AttributeRow::description, language).get(0);
    }

    private static void checkRequired(AttributeRow row) {
        if (row.key().isEmpty()) {
            throw InvalidArgumentException.of("attribute.key", "is required (lowercase letters, digits, '_')");
        }
        if (row.name().isBlank()) {
            throw InvalidArgumentException.of("attribute.name", "is required");
        }
        if (row.kind().isEmpty()) {
            throw InvalidArgumentException.of("attribute.kind", "is required (TEXT, NUMBER or ENUM)");
        }
        if (row.kind().equals("enum") && row.allowedValues().isEmpty()) {
            throw InvalidArgumentException.of("attribute.allowed_values", "is empty (expected: at least one "
                                                                         + "value for an ENUM attribute)");
        }
        if (!row.kind().equals("enum") && !row.allowedValues().isEmpty()) {
            throw InvalidArgumentException.of("attribute.allowed_values", "is set (expected: empty unless the "
                                                                         + "kind is ENUM)");
        }
    }

    private static NotFoundException notFound(UUID id) {
        return new NotFoundException("ATTRIBUTE_NOT_FOUND", "No attribute " + id + " in this tenant.");
    }
}
