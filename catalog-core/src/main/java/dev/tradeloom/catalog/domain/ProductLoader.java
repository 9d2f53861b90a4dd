package dev.tradeloom.catalog.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jdbi.v3.core.Handle;

import dev.tradeloom.catalog.store.ProductDao;
import dev.tradeloom.catalog.store.ProductRow;
import dev.tradeloom.catalog.store.ProductTagRow;
import dev.tradeloom.catalog.store.SupplierDao;
import dev.tradeloom.catalog.store.SupplierRow;
import dev.tradeloom.catalog.store.TranslationDao;
import dev.tradeloom.catalog.store.TranslationRow;
import dev.tradeloom.catalog.store.VariantRow;

/** Completes product rows with their variants, tags and translations: three queries for a whole page. */
final class ProductLoader {
    private ProductLoader() {}

    static List<Product> load(Handle h, UUID tenantId, List<ProductRow> rows, String language) {
        if (rows.isEmpty()) {
            return List.of();
        }
        final List<UUID> ids = rows.stream().map(ProductRow::id).toList();
        final ProductDao products = h.attach(ProductDao.class);
        final Map<UUID, List<VariantRow>> variants = group(ids);
        products.variants(tenantId, ids).forEach(v -> variants.get(v.productId()).add(v));
        final Map<UUID, List<UUID>> tags = group(ids);
        for (ProductTagRow t : products.tags(tenantId, ids)) {
            tags.get(t.productId()).add(t.tagId());
        }
        final Map<UUID, List<TranslationRow>> translations = group(ids);
        h.attach(TranslationDao.class).list(TranslationDao.Kind.PRODUCT, tenantId, ids)
         .forEach(t -> translations.get(t.ownerId()).add(t));
        final String defaultLanguage = defaultLanguage(h, tenantId);
        final List<Product> result = new ArrayList<>(rows.size());
        for (ProductRow row : rows) {
            final List<TranslationRow> own = translations.get(row.id());
            result.add(new Product(row, variants.get(row.id()), tags.get(row.id()), own,
                                   Localized.pick(language, defaultLanguage, own, row.name(), row.description())));
        }
        return result;
    }

    /** The supplier's default language, or empty while the catalog has not heard of the supplier. */
    static String defaultLanguage(Handle h, UUID tenantId) {
        return h.attach(SupplierDao.class).find(tenantId).map(SupplierRow::defaultLanguage).orElse("");
    }

    private static <T> Map<UUID, List<T>> group(List<UUID> ids) {
        final Map<UUID, List<T>> map = new LinkedHashMap<>();
        ids.forEach(id -> map.put(id, new ArrayList<>()));
        return map;
    }
}
