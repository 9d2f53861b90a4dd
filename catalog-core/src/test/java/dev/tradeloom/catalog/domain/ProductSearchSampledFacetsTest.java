package dev.tradeloom.catalog.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.tradeloom.catalog.CatalogCoreConfig;
import dev.tradeloom.catalog.domain.ProductSearch.Facets;
import dev.tradeloom.catalog.domain.ProductSearch.Filters;
import dev.tradeloom.catalog.domain.ProductSearch.Result;
import dev.tradeloom.catalog.domain.ProductSearch.Sort;
import dev.tradeloom.catalog.store.FacetRow;
import dev.tradeloom.catalog.store.ProductRow;
import dev.tradeloom.catalog.store.SupplierRow;
import dev.tradeloom.platform.db.Database;
import dev.tradeloom.platform.id.Uuid7;
import dev.tradeloom.platform.testing.TestPostgres;

/**
 * Facet counts taken from a sample of the matches are kept for a while, counts of every match never,
 * and the results themselves are always read fresh.
 */
class ProductSearchSampledFacetsTest {
    private static final UUID NO_ID = new UUID(0, 0);

    private static Database db;
    private static long feedPosition;
    private final AtomicLong nanos = new AtomicLong();

    @BeforeAll
    static void start() {
        db = Database.start(TestPostgres.newDatabase(CatalogCoreConfig.SCHEMA), CatalogCoreConfig.SCHEMA);
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    @Test
    void sampledFacets_areKeptUntilTheirTimeIsUp_whileResultsStayFresh() {
        final ProductSearch search = new ProductSearch(db.transactor(), 2, nanos::get);
        final UUID supplier = supplierWithThreeKurtas("Surat");
        final Facets sampled = browse(search, supplier).facets();
        assertThat(sampled.exact()).isFalse();
        assertThat(cities(sampled)).containsExactly("Surat");

        moveSupplier(supplier, "Pune");
        final Result moved = browse(search, supplier);
        assertThat(moved.page().items()).extracting(c -> c.row().supplierCity()).containsOnly("Pune").hasSize(3);
        assertThat(moved.facets()).isEqualTo(sampled);

        nanos.addAndGet(ProductSearch.SAMPLED_FACETS_TTL.plus(Duration.ofSeconds(1)).toNanos());
        assertThat(cities(browse(search, supplier).facets())).containsExactly("Pune");
    }

    @Test
    void countsOfEveryMatch_areNeverKept() {
        final ProductSearch search = new ProductSearch(db.transactor(), 100, nanos::get);
        final UUID supplier = supplierWithThreeKurtas("Jaipur");
        final Facets exact = browse(search, supplier).facets();
        assertThat(exact.exact()).isTrue();
        assertThat(exact.counted()).isEqualTo(3);
        assertThat(cities(exact)).containsExactly("Jaipur");

        moveSupplier(supplier, "Udaipur");
        assertThat(cities(browse(search, supplier).facets())).containsExactly("Udaipur");
    }

    private static Result browse(ProductSearch search, UUID supplier) {
        return search.search(new Filters("", null, 0, 0, "", List.of(), "", supplier), Sort.NEWEST, 10, "", true,
                             "en");
    }

    private static List<String> cities(Facets facets) {
        return facets.cities().stream().map(FacetRow::value).toList();
    }

    private static UUID supplierWithThreeKurtas(String city) {
        final UUID tenant = Uuid7.next();
        moveSupplier(tenant, city);
        final Products products = new Products(db.transactor());
        for (String name : List.of("Mulmul kurta", "Chikan kurta", "Khadi kurta")) {
            final Instant now = Instant.now();
            final String sku = "K-" + UUID.randomUUID().toString().substring(0, 8);
            products.create(tenant, new Product(
                    new ProductRow(tenant, NO_ID, sku, sku.toLowerCase(java.util.Locale.ROOT), name, "", null,
                                   List.of(), List.of(), 1000, "INR", null, 5, "active", List.of(), List.of(),
                                   List.of(), 0, now, now),
                    List.of(), List.of(), List.of(), new Localized("", "", "")), null);
        }
        return tenant;
    }

    /** The supplier read-model learns that {@code tenant} is (now) in {@code city}. */
    private static void moveSupplier(UUID tenant, String city) {
        final long position = ++feedPosition;
        new Suppliers(db.transactor()).apply(
                List.of(new SupplierRow(tenant, "s-" + position, "Supplier " + position, city, "en", true, position)),
                position);
    }
}
