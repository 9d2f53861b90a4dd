package dev.tradeloom.catalog.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.tradeloom.catalog.CatalogCoreConfig;
import dev.tradeloom.catalog.domain.ProductSearch.Facets;
import dev.tradeloom.catalog.domain.ProductSearch.Filters;
import dev.tradeloom.catalog.domain.ProductSearch.Sort;
import dev.tradeloom.catalog.store.CategoryRow;
import dev.tradeloom.catalog.store.FacetRow;
import dev.tradeloom.catalog.store.ProductRow;
import dev.tradeloom.catalog.store.SupplierRow;
import dev.tradeloom.platform.db.Database;
import dev.tradeloom.platform.id.Uuid7;
import dev.tradeloom.platform.testing.TestPostgres;

/**
 * Category facets of a search, as a buyer drills down the tree: a category counts its subcategories'
 * products, so parents always count most, yet they must not push every specific category out.
 */
class ProductSearchCategoryFacetsTest {
    private static final UUID NO_ID = new UUID(0, 0);

    private static Database db;
    private static Categories categories;
    private static Products products;

    @BeforeAll
    static void start() {
        db = Database.start(TestPostgres.newDatabase(CatalogCoreConfig.SCHEMA), CatalogCoreConfig.SCHEMA);
        categories = new Categories(db.transactor());
        products = new Products(db.transactor());
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    @Test
    void categoryFacets_showSubcategories_evenWhenTwentyParentsCountMore() {
        final UUID tenant = supplier("Surat");
        final List<UUID> parents = new ArrayList<>();
        final List<UUID> children = new ArrayList<>();
        for (int i = 1; i <= 21; i++) {
            final UUID parent = category(tenant, String.format(Locale.ROOT, "Range %02d", i), null);
            parents.add(parent);
            for (String half : List.of("a", "b")) {
                final UUID child = category(tenant, String.format(Locale.ROOT, "Line %02d%s", i, half), parent);
                children.add(child);
                product(tenant, "Kurta " + i + half, child);
            }
        }

        final List<FacetRow> shown = browse(tenant, null).categories();
        // The 20 largest top-level categories, then the 20 largest of the next level, each under its parent.
        assertThat(shown).extracting(FacetRow::value).containsExactlyElementsOf(
                concat(ids(parents.subList(0, 20)), ids(children.subList(0, 20))));
        assertThat(shown.subList(0, 20)).allSatisfy(row -> {
            assertThat(row.depth()).isEqualTo(1);
            assertThat(row.parent()).isEmpty();
            assertThat(row.count()).isEqualTo(2);
        });
        assertThat(shown.subList(20, 40)).allSatisfy(row -> {
            assertThat(row.depth()).isEqualTo(2);
            assertThat(row.parent()).isEqualTo(parents.get(children.indexOf(UUID.fromString(row.value())) / 2)
                                                      .toString());
            assertThat(row.count()).isEqualTo(1);
        });
    }

    @Test
    void categoryFacets_keepTheCategoriesAboveTheLargestBelow_andShowTheLevelBelowAChosenCategory() {
        final UUID tenant = supplier("Jaipur");
        final UUID clothing = category(tenant, "Clothing", null);
        final UUID home = category(tenant, "Home", null);
        final UUID linen = category(tenant, "Bed linen", home);
        final UUID quilts = category(tenant, "Quilts", linen);
        final UUID dupattas = category(tenant, "Dupattas", clothing);
        final UUID kurtas = category(tenant, "Kurtas", clothing);
        final UUID stoles = category(tenant, "Stoles", clothing);
        for (int i = 0; i < 3; i++) {
            product(tenant, "Razai " + i, quilts);
        }
        product(tenant, "Bandhani dupatta", dupattas);
        product(tenant, "Anarkali kurta", kurtas);
        product(tenant, "Leheriya stole", stoles);

        // At most one per depth: the largest, with the categories above it.
        final List<FacetRow> shown = CategoryFacets.shown(browse(tenant, null).categories(), 1);
        assertThat(shown).extracting(FacetRow::label, FacetRow::parent, FacetRow::depth).containsExactly(
                tuple("Clothing", "", 1), tuple("Home", "", 1), tuple("Bed linen", home.toString(), 2),
                tuple("Quilts", linen.toString(), 3));

        // Filtered by "Clothing": it is shown, with the level below it to choose from.
        assertThat(browse(tenant, clothing).categories())
                .extracting(FacetRow::label, FacetRow::count, FacetRow::parent, FacetRow::depth).containsExactly(
                        tuple("Clothing", 3L, "", 1), tuple("Dupattas", 1L, clothing.toString(), 2),
                        tuple("Kurtas", 1L, clothing.toString(), 2), tuple("Stoles", 1L, clothing.toString(), 2));
    }

    private static List<String> concat(List<String> first, List<String> second) {
        final List<String> both = new ArrayList<>(first);
        both.addAll(second);
        return both;
    }

    private static Facets browse(UUID tenant, @Nullable UUID category) {
        final Facets facets = new ProductSearch(db.transactor()).search(
                new Filters("", category, 0, 0, "", List.of(), "", tenant), Sort.NEWEST, 1, "", true, "en").facets();
        assertThat(facets).isNotNull();
        return facets;
    }

    private static List<String> ids(List<UUID> ids) {
        return ids.stream().map(UUID::toString).toList();
    }

    private static UUID supplier(String city) {
        final UUID tenant = Uuid7.next();
        new Suppliers(db.transactor()).apply(
                List.of(new SupplierRow(tenant, "s-" + tenant, "Supplier " + city, city, "en", true, 1)), 1);
        return tenant;
    }

    private static UUID category(UUID tenant, String name, @Nullable UUID parent) {
        return categories.create(tenant, Translated.draft(
                new CategoryRow(tenant, NO_ID, parent, name, "", "", 0, Instant.now(), Instant.now()), List.of()),
                                 null).row().id();
    }

    private static void product(UUID tenant, String name, UUID category) {
        final Instant now = Instant.now();
        final String sku = "K-" + UUID.randomUUID().toString().substring(0, 8);
        products.create(tenant, new Product(
                new ProductRow(tenant, NO_ID, sku, sku.toLowerCase(Locale.ROOT), name, "", category, List.of(),
                               List.of(), 1000, "INR", null, 5, "active", List.of(), List.of(), List.of(), 0, now,
                               now),
                List.of(), List.of(), List.of(), new Localized("", "", "")), null);
    }
}
