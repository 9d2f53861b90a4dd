package dev.tradeloom.catalog.domain;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;

import org.jdbi.v3.core.Handle;
import org.jspecify.annotations.Nullable;

import dev.tradeloom.catalog.store.ImageDao;
import dev.tradeloom.catalog.store.ProductDao;
import dev.tradeloom.catalog.store.ProductRow;
import dev.tradeloom.catalog.store.TranslationDao;
import dev.tradeloom.catalog.store.TranslationRow;
import dev.tradeloom.catalog.store.VariantRow;
import dev.tradeloom.platform.api.Etags;
import dev.tradeloom.platform.api.Page;
import dev.tradeloom.platform.api.PageTokens;
import dev.tradeloom.platform.db.Transactor;
import dev.tradeloom.platform.error.InvalidArgumentException;
import dev.tradeloom.platform.error.NotFoundException;
import dev.tradeloom.platform.id.Uuid7;

/** A tenant's products: idempotent creation, reads in the reader's language, masked updates, deletion. */
public final class Products {
    private static final int DEFAULT_PAGE = 50;
    private static final int MAX_PAGE = 100;
    private static final UUID NO_ID = new UUID(0, 0);

    private final Transactor tx;

    public Products(Transactor tx) {
        this.tx = requireNonNull(tx, "tx");
    }

    /** Creates {@code draft} (ids are assigned here); a repeated {@code requestId} returns the first result. */
    public Product create(UUID tenantId, Product draft, @Nullable UUID requestId) {
        checkRequired(draft.row());
        final UUID id = Uuid7.next();
        return Conflicts.idempotent(requestId, () -> tx.inTenant(tenantId, h -> {
            final ProductDao products = h.attach(ProductDao.class);
            if (requestId != null) {
                final Optional<UUID> earlier = products.findCreated(tenantId, requestId);
                if (earlier.isPresent()) {
                    return load(h, tenantId, earlier.get(), "");
                }
            }
            final Product checked = checkRules(h, tenantId, draft, null);
            final ProductRow row = checked.row().withIdentity(tenantId, id);
            products.insert(row, array(row.attributeKeys()), array(row.attributeValues()), array(row.imageUrls()),
                            array(row.imageAltTexts()), array(row.imageKeys()), requestId);
            writeChildren(h, tenantId, id, checked, List.of());
            return load(h, tenantId, id, "");
        }));
    }

    public Product get(UUID tenantId, UUID id, String language) {
        return tx.inTenant(tenantId, h -> load(h, tenantId, id, language));
    }

    /** The tenant's products in creation order. */
    public Page<Product> list(UUID tenantId, int pageSize, String pageToken, String language) {
        final int size = PageTokens.pageSize(pageSize, DEFAULT_PAGE, MAX_PAGE);
        final UUID after = pageToken.isEmpty() ? null : PageTokens.uuid(PageTokens.decode(pageToken, 1).get(0));
        final List<Product> rows = tx.inTenant(tenantId, h -> ProductLoader.load(
                h, tenantId, h.attach(ProductDao.class).list(tenantId, after, size + 1), language));
        return Page.of(rows, size, last -> PageTokens.encode(last.row().id().toString()));
    }

    /** Applies {@code change} to the stored product if {@code etag} (when given) is still current. */
    public Product update(UUID tenantId, UUID id, String etag, UnaryOperator<Product> change) {
        return Conflicts.mapped(() -> tx.inTenant(tenantId, h -> {
            final ProductDao products = h.attach(ProductDao.class);
            final Product current = load(h, tenantId, id, "");
            Etags.check(etag, current.row().version(), "The product");
            final Product draft = change.apply(current);
            checkRequired(draft.row());
            final Product changed = checkRules(h, tenantId, draft, current);
            final ProductRow row = changed.row().withIdentity(tenantId, id);
            if (!products.update(row, array(row.attributeKeys()), array(row.attributeValues()),
                                 array(row.imageUrls()), array(row.imageAltTexts()), array(row.imageKeys()),
                                 current.row().version())) {
                throw Etags.stale("The product");
            }
            writeChildren(h, tenantId, id, changed, current.variants());
            return load(h, tenantId, id, "");
        }));
    }

    public void delete(UUID tenantId, UUID id, String etag) {
        tx.inTenant(tenantId, h -> {
            final ProductDao products = h.attach(ProductDao.class);
            final ProductRow current = products.find(tenantId, id).orElseThrow(() -> notFound(id));
            Etags.check(etag, current.version(), "The product");
            // Deleted only at the version checked: an update committed meanwhile makes the etag stale.
            if (!products.delete(tenantId, id, etag.isEmpty() ? null : current.version()) && !etag.isEmpty()) {
                throw Etags.stale("The product");
            }
            return null;
        });
    }

    private static Product load(Handle h, UUID tenantId, UUID id, String language) {
        final ProductRow row = h.attach(ProductDao.class).find(tenantId, id).orElseThrow(() -> notFound(id));
        return ProductLoader.load(h, tenantId, List.of(row), language).get(0);
    }

    /**
     * Writes variants, tags and translations. Variants keep their ids when the client sent the id of
     * one of {@code stored}; others get new ids; stored ones left out are removed.
     */
    private static void writeChildren(Handle h, UUID tenantId, UUID productId, Product draft,
                                      List<VariantRow> stored) {
        final ProductDao products = h.attach(ProductDao.class);
        final Set<UUID> storedIds = new HashSet<>();
        stored.forEach(v -> storedIds.add(v.id()));
        final Set<UUID> named = new HashSet<>();
        final List<VariantRow> variants = new ArrayList<>();
        for (int i = 0; i < draft.variants().size(); i++) {
            final VariantRow v = draft.variants().get(i);
            final UUID variantId;
            if (v.id().equals(NO_ID)) {
                variantId = Uuid7.next();
            } else if (!named.add(v.id())) {
                throw InvalidArgumentException.of("product.variants[" + i + "].id",
                                                  "'" + v.id() + "' names a variant listed before (expected: "
                                                  + "each variant once, empty for a new one)");
            } else if (storedIds.contains(v.id())) {
                variantId = v.id();
            } else {
                throw InvalidArgumentException.of("product.variants[" + i + "].id",
                                                  "'" + v.id() + "' is not a variant of this product "
                                                  + "(expected: empty for a new variant)");
            }
            variants.add(new VariantRow(tenantId, variantId, productId, i, v.sku(), v.attributeKeys(),
                                        v.attributeValues(), v.priceOverrideMinor(), v.stock()));
        }
        products.deleteVariantsExcept(tenantId, productId, variants.stream().map(VariantRow::id)
                                                                   .toArray(UUID[]::new));
        products.parkVariantSkus(tenantId, productId);
        for (VariantRow v : variants) {
            products.upsertVariant(v, array(v.attributeKeys()), array(v.attributeValues()));
        }
        final UUID[] tagIds = draft.tagIds().toArray(UUID[]::new);
        products.deleteTagsExcept(tenantId, productId, tagIds);
        if (tagIds.length > 0) {
            products.upsertTags(tenantId, productId, tagIds);
        }
        final List<TranslationRow> translations = draft.translations().stream()
                .map(t -> new TranslationRow(productId, t.language(), t.name(), t.description())).toList();
        h.attach(TranslationDao.class).replace(TranslationDao.Kind.PRODUCT, tenantId, productId, translations);
    }

    private static void checkRequired(ProductRow row) {
        if (row.sku().isEmpty()) {
            throw InvalidArgumentException.of("product.sku", "is required (letters, digits, '.', '_', '-')");
        }
        if (row.slug().isEmpty()) {
            throw InvalidArgumentException.of("product.slug", "is required (lowercase letters, digits, hyphens)");
        }
        if (row.name().isBlank()) {
            throw InvalidArgumentException.of("product.name", "is required");
        }
        if (row.currency().isEmpty()) {
            throw InvalidArgumentException.of("product.price", "is required (amount_minor and currency)");
        }
        if (row.salePriceMinor() != null && row.salePriceMinor() > row.priceMinor()) {
            throw InvalidArgumentException.of("product.sale_price", row.salePriceMinor() + " minor units "
                                                                   + "(expected: at most the price, "
                                                                   + row.priceMinor() + ')');
        }
    }

    /**
     * Checks {@code draft} against the tenant's definitions; values kept from {@code stored} stay as they are.
     * Returns the draft with its attribute values as they are stored (numbers in ASCII digits).
     */
    private static Product checkRules(Handle h, UUID tenantId, Product draft, @Nullable Product stored) {
        final Map<UUID, Map<String, String>> storedVariants = new HashMap<>();
        if (stored != null) {
            stored.variants().forEach(v -> storedVariants.put(v.id(), AttributeRules.pairs(v.attributeKeys(),
                                                                                          v.attributeValues())));
        }
        final List<String> values = AttributeRules.check(
                h, tenantId, draft.row().attributeKeys(), draft.row().attributeValues(),
                stored == null ? Map.of() : AttributeRules.pairs(stored.row().attributeKeys(),
                                                                 stored.row().attributeValues()),
                "product.attributes");
        final List<VariantRow> variants = new ArrayList<>(draft.variants().size());
        final Set<String> skus = new HashSet<>();
        for (int i = 0; i < draft.variants().size(); i++) {
            final VariantRow v = draft.variants().get(i);
            final String at = "product.variants[" + i + ']';
            if (!skus.add(v.sku())) {
                throw InvalidArgumentException.of(at + ".sku", "'" + v.sku() + "' appears twice "
                                                               + "(expected: one SKU per variant)");
            }
            variants.add(v.withAttributeValues(AttributeRules.check(
                    h, tenantId, v.attributeKeys(), v.attributeValues(),
                    storedVariants.getOrDefault(v.id(), Map.of()), at + ".attributes")));
        }
        // The contract's uniqueness compares the ids as text: one id in two letter cases passes it.
        final Set<UUID> tagIds = new HashSet<>();
        for (int i = 0; i < draft.tagIds().size(); i++) {
            if (!tagIds.add(draft.tagIds().get(i))) {
                throw InvalidArgumentException.of("product.tag_ids[" + i + ']',
                                                  "'" + draft.tagIds().get(i) + "' appears twice (expected: "
                                                  + "each tag once)");
            }
        }
        Translations.check(draft.translations(), "product.translations");
        checkImages(h, tenantId, draft.row());
        return new Product(draft.row().withAttributeValues(values), variants, draft.tagIds(),
                           draft.translations(), draft.localized());
    }

    /** Each image is either uploaded (a key of one of the tenant's images) or hosted at a URL. */
    private static void checkImages(Handle h, UUID tenantId, ProductRow row) {
        final List<String> keys = row.imageKeys().stream().filter(k -> !k.isEmpty()).toList();
        final Set<String> known = keys.isEmpty() ? Set.of()
                                                 : Set.copyOf(h.attach(ImageDao.class).existingKeys(
                                                         tenantId, keys.toArray(String[]::new)));
        for (int i = 0; i < row.imageKeys().size(); i++) {
            final String key = row.imageKeys().get(i);
            if (key.isEmpty() && row.imageUrls().get(i).isEmpty()) {
                throw InvalidArgumentException.of("product.images[" + i + ']',
                                                  "has neither key nor url (expected: the key of an uploaded "
                                                  + "image or an http(s) URL)");
            }
            if (!key.isEmpty() && !known.contains(key)) {
                throw InvalidArgumentException.of("product.images[" + i + "].key",
                                                  "'" + key + "' (expected: the key of an image uploaded to "
                                                  + "this tenant)");
            }
        }
    }

    private static String[] array(List<String> values) {
        return values.toArray(String[]::new);
    }

    private static NotFoundException notFound(UUID id) {
        return new NotFoundException("PRODUCT_NOT_FOUND", "No product " + id + " in this tenant.");
    }
}
