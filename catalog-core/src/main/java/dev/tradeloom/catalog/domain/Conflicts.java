package dev.tradeloom.catalog.domain;

import static java.util.Map.entry;

import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import org.jdbi.v3.core.statement.StatementException;
import org.jspecify.annotations.Nullable;

import dev.tradeloom.platform.db.Constraints;
import dev.tradeloom.platform.error.AlreadyExistsException;
import dev.tradeloom.platform.error.ApiException;
import dev.tradeloom.platform.error.InvalidArgumentException;

/**
 * Turns broken constraints into errors the client can act on. The database is the judge of
 * uniqueness and references (no check-then-insert race); this table says what each breach means.
 */
final class Conflicts {
    private static final Supplier<ApiException> BELOW_ITSELF = () -> InvalidArgumentException.of(
            "category.parent_id", "is this category or one below it (expected: a category outside its subtree)");
    private static final Map<String, Supplier<ApiException>> BY_CONSTRAINT = Map.ofEntries(
            entry("products_sku_key", () -> taken("SKU_TAKEN", "A product of this tenant already has this SKU.")),
            entry("products_slug_key", () -> taken("SLUG_TAKEN", "A product of this tenant already has this slug.")),
            entry("product_variants_sku_key",
                  () -> taken("SKU_TAKEN", "A variant of this tenant already has this SKU.")),
            entry("product_items_sku_key", () -> taken(
                    "SKU_TAKEN", "Another product of this tenant or one of its variants already has this SKU.")),
            entry("products_tenant_id_category_id_fkey",
                  () -> InvalidArgumentException.of("product.category_id", "is not a category of this tenant")),
            entry("product_tags_tenant_id_tag_id_fkey",
                  () -> InvalidArgumentException.of("product.tag_ids", "names a tag this tenant does not have")),
            entry("categories_tenant_id_parent_id_fkey",
                  () -> InvalidArgumentException.of("category.parent_id", "is not a category of this tenant")),
            // Its own parent: the table's check. Below itself: a trigger under the tenant's tree lock (V13).
            entry("categories_check", BELOW_ITSELF),
            entry("categories_parent_not_below", BELOW_ITSELF),
            entry("tags_name_key", () -> taken("NAME_TAKEN", "This tenant already has a tag with this name.")),
            entry("attributes_key_key",
                  () -> taken("KEY_TAKEN", "This tenant already has an attribute with this key.")));

    private Conflicts() {}

    /** Runs {@code work}, mapping known constraint breaches to client errors. */
    static <T> T mapped(Supplier<T> work) {
        try {
            return work.get();
        } catch (StatementException e) {
            throw map(e);
        }
    }

    /**
     * Runs a create that first replays the result of an earlier call with the same request id. That call
     * may still be in flight: then this one's insert waits for it and, once it commits, breaks one of the
     * keys the two share (the request id's, the SKU's, the slug's). Run again, the lookup finds its result.
     */
    static <T> T idempotent(@Nullable UUID requestId, Supplier<T> create) {
        try {
            return create.get();
        } catch (StatementException e) {
            if (requestId != null && Constraints.violated(e) != null) {
                return mapped(create);
            }
            throw map(e);
        }
    }

    static RuntimeException map(StatementException e) {
        final String constraint = Constraints.violated(e);
        final Supplier<ApiException> error = constraint == null ? null : BY_CONSTRAINT.get(constraint);
        return error == null ? e : error.get();
    }

    private static AlreadyExistsException taken(String reason, String message) {
        return new AlreadyExistsException(reason, message);
    }
}
