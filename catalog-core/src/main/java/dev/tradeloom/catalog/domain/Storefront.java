package dev.tradeloom.catalog.domain;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jdbi.v3.core.Handle;

import dev.tradeloom.catalog.store.ProductDao;
import dev.tradeloom.catalog.store.ProductRow;
import dev.tradeloom.catalog.store.SupplierDao;
import dev.tradeloom.catalog.store.SupplierRow;
import dev.tradeloom.platform.api.Page;
import dev.tradeloom.platform.api.PageTokens;
import dev.tradeloom.platform.db.Transactor;
import dev.tradeloom.platform.error.NotFoundException;

/**
 * What buyers see of one supplier. Reads act for no tenant, so row-level security shows only
 * storefront-visible rows (active product with stock, active supplier); nothing is cached, so a
 * seller's change shows on the next request.
 */
public final class Storefront {
    private static final int DEFAULT_PAGE = 24;
    private static final int MAX_PAGE = 100;
    private static final String ACTIVE = "active";

    private final Transactor tx;

    public Storefront(Transactor tx) {
        this.tx = requireNonNull(tx, "tx");
    }

    /** The supplier's visible products in creation order; empty for an unknown or inactive supplier. */
    public Page<StorefrontProduct> list(UUID tenantId, int pageSize, String pageToken, String language) {
        final int size = PageTokens.pageSize(pageSize, DEFAULT_PAGE, MAX_PAGE);
        final UUID after = pageToken.isEmpty() ? null : PageTokens.uuid(PageTokens.decode(pageToken, 1).get(0));
        final List<StorefrontProduct> rows = tx.inSystem(h -> {
            final Optional<SupplierRow> supplier = h.attach(SupplierDao.class).find(tenantId);
            if (supplier.isEmpty()) {
                return List.of();
            }
            return ProductLoader.load(h, tenantId, h.attach(ProductDao.class).list(tenantId, after, size + 1),
                                      language)
                                .stream().map(p -> new StorefrontProduct(p, supplier.get())).toList();
        });
        return Page.of(rows, size, last -> PageTokens.encode(last.product().row().id().toString()));
    }

    /**
     * One visible product by id or slug; with {@code includeSoldOut}, also an active product of an active
     * supplier that has no stock.
     */
    public StorefrontProduct get(UUID tenantId, String idOrSlug, String language, boolean includeSoldOut) {
        return tx.inSystem(h -> find(h, tenantId, idOrSlug, language))
                 .or(() -> includeSoldOut ? findSoldOut(tenantId, idOrSlug, language) : Optional.empty())
                 .orElseThrow(() -> new NotFoundException("PRODUCT_NOT_FOUND",
                                                          "No product '" + idOrSlug + "' in this storefront."));
    }

    /**
     * Row-level security shows buyers only products with stock, so a sold-out one is read acting for its
     * tenant; the checks the public policy makes on status and supplier are made here.
     */
    private Optional<StorefrontProduct> findSoldOut(UUID tenantId, String idOrSlug, String language) {
        return tx.inTenant(tenantId, h -> find(h, tenantId, idOrSlug, language))
                 .filter(p -> p.supplier().active() && ACTIVE.equals(p.product().row().status()));
    }

    private static Optional<StorefrontProduct> find(Handle h, UUID tenantId, String idOrSlug, String language) {
        final Optional<SupplierRow> supplier = h.attach(SupplierDao.class).find(tenantId);
        if (supplier.isEmpty()) {
            return Optional.empty();
        }
        final ProductDao products = h.attach(ProductDao.class);
        final Optional<ProductRow> row = asUuid(idOrSlug).flatMap(id -> products.find(tenantId, id))
                                                         .or(() -> products.findBySlug(tenantId, idOrSlug));
        return row.map(r -> new StorefrontProduct(ProductLoader.load(h, tenantId, List.of(r), language).get(0),
                                                  supplier.get()));
    }

    private static Optional<UUID> asUuid(String value) {
        try {
            return value.length() == 36 ? Optional.of(UUID.fromString(value)) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
