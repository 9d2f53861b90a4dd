package dev.tradeloom.catalog.api;

import static dev.tradeloom.catalog.api.CommonProtos.money;
import static dev.tradeloom.catalog.api.CommonProtos.optionalId;

import java.util.List;
import java.util.function.UnaryOperator;

import dev.tradeloom.catalog.domain.ProductSearch;
import dev.tradeloom.catalog.store.FacetRow;
import dev.tradeloom.catalog.store.SearchHitRow;
import dev.tradeloom.catalog.v1.FacetCount;
import dev.tradeloom.catalog.v1.ProductCard;
import dev.tradeloom.catalog.v1.ProductSort;
import dev.tradeloom.catalog.v1.SearchFacets;
import dev.tradeloom.catalog.v1.SearchProductsRequest;

/** Product search ↔ the contract. */
final class SearchProtos {
    private SearchProtos() {}

    static ProductSearch.Filters filters(SearchProductsRequest r) {
        return new ProductSearch.Filters(r.getQuery(), optionalId(r.getCategoryId()), r.getMinPriceMinor(),
                                         r.getMaxPriceMinor(), r.getCurrency(), r.getAttributesList(),
                                         r.getCity(), optionalId(r.getSupplierTenantId()));
    }

    static ProductSearch.Sort sort(ProductSort sort) {
        return switch (sort) {
            case PRODUCT_SORT_NEWEST -> ProductSearch.Sort.NEWEST;
            case PRODUCT_SORT_PRICE_ASC -> ProductSearch.Sort.PRICE_ASC;
            case PRODUCT_SORT_PRICE_DESC -> ProductSearch.Sort.PRICE_DESC;
            // Unspecified and unknown values: relevance (which is newest without a query).
            default -> ProductSearch.Sort.RELEVANCE;
        };
    }

    static ProductCard card(ProductSearch.Card card, UnaryOperator<String> imageUrl) {
        final SearchHitRow r = card.row();
        final ProductCard.Builder b = ProductCard.newBuilder()
                .setProductId(r.productId().toString())
                .setTenantId(r.tenantId().toString())
                .setSupplierName(r.supplierName())
                .setSupplierCity(r.supplierCity())
                .setSlug(r.slug())
                .setName(card.localized().name())
                .setLanguage(card.localized().language())
                .setPrice(money(r.priceMinor(), r.currency()))
                .setFromPrice(money(r.priceKey(), r.currency()))
                .setImageUrl(r.imageKey().isEmpty() ? r.imageUrl() : imageUrl.apply(r.imageKey()))
                .setCategoryId(r.categoryId() == null ? "" : r.categoryId().toString())
                .setCategoryName(card.categoryName());
        if (r.salePriceMinor() != null) {
            b.setSalePrice(money(r.salePriceMinor(), r.currency()));
        }
        return b.build();
    }

    static SearchFacets facets(ProductSearch.Facets f) {
        return SearchFacets.newBuilder().addAllCategories(counts(f.categories()))
                           .addAllCities(counts(f.cities())).addAllAttributes(counts(f.attributes()))
                           .setCounted(f.counted()).setExact(f.exact()).build();
    }

    private static List<FacetCount> counts(List<FacetRow> rows) {
        return rows.stream().map(r -> FacetCount.newBuilder().setValue(r.value()).setLabel(r.label())
                                                .setCount(r.count()).setParentValue(r.parent())
                                                .setDepth(r.depth()).build()).toList();
    }
}
