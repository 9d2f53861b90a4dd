package dev.tradeloom.catalog.api;

import static dev.tradeloom.platform.grpc.Replies.reply;
import static java.util.Objects.requireNonNull;

import dev.tradeloom.catalog.domain.Images;
import dev.tradeloom.catalog.domain.ProductSearch;
import dev.tradeloom.catalog.v1.ProductSearchServiceGrpc;
import dev.tradeloom.catalog.v1.ProductSuggestion;
import dev.tradeloom.catalog.v1.SearchProductsRequest;
import dev.tradeloom.catalog.v1.SearchProductsResponse;
import dev.tradeloom.catalog.v1.SuggestProductsRequest;
import dev.tradeloom.catalog.v1.SuggestProductsResponse;
import io.grpc.stub.StreamObserver;

/** tradeloom.catalog.v1.ProductSearchService over {@link ProductSearch}. */
public final class ProductSearchServiceImpl extends ProductSearchServiceGrpc.ProductSearchServiceImplBase {
    private final ProductSearch search;
    private final Images images;

    public ProductSearchServiceImpl(ProductSearch search, Images images) {
        this.search = requireNonNull(search, "search");
        this.images = requireNonNull(images, "images");
    }

    @Override
    public void searchProducts(SearchProductsRequest request, StreamObserver<SearchProductsResponse> out) {
        final ProductSearch.Result result = search.search(SearchProtos.filters(request),
                                                          SearchProtos.sort(request.getSort()),
                                                          request.getPageSize(), request.getPageToken(),
                                                          request.getFacets(), request.getLanguage());
        final SearchProductsResponse.Builder response = SearchProductsResponse.newBuilder()
                .addAllResults(result.page().items().stream().map(c -> SearchProtos.card(c, images::url))
                                     .toList())
                .setNextPageToken(result.page().nextPageToken());
        if (result.facets() != null) {
            response.setFacets(SearchProtos.facets(result.facets()));
        }
        reply(out, response.build());
    }

    @Override
    public void suggestProducts(SuggestProductsRequest request, StreamObserver<SuggestProductsResponse> out) {
        reply(out, SuggestProductsResponse.newBuilder()
                .addAllSuggestions(search.suggest(request.getPrefix(), request.getLimit()).stream()
                                         .map(s -> ProductSuggestion.newBuilder().setText(s.text())
                                                                    .setProducts(s.products()).build())
                                         .toList())
                .build());
    }
}
