package dev.tradeloom.catalog.api;

import static dev.tradeloom.catalog.api.CommonProtos.id;
import static dev.tradeloom.platform.grpc.Replies.reply;
import static java.util.Objects.requireNonNull;

import dev.tradeloom.catalog.domain.Images;
import dev.tradeloom.catalog.domain.Storefront;
import dev.tradeloom.catalog.v1.GetStorefrontProductRequest;
import dev.tradeloom.catalog.v1.ListStorefrontProductsRequest;
import dev.tradeloom.catalog.v1.ListStorefrontProductsResponse;
import dev.tradeloom.catalog.v1.StorefrontProduct;
import dev.tradeloom.catalog.v1.StorefrontServiceGrpc;
import dev.tradeloom.platform.api.Page;
import io.grpc.stub.StreamObserver;

/** tradeloom.catalog.v1.StorefrontService over {@link Storefront}. */
public final class StorefrontServiceImpl extends StorefrontServiceGrpc.StorefrontServiceImplBase {
    private final Storefront storefront;
    private final Images images;

    public StorefrontServiceImpl(Storefront storefront, Images images) {
        this.storefront = requireNonNull(storefront, "storefront");
        this.images = requireNonNull(images, "images");
    }

    @Override
    public void listStorefrontProducts(ListStorefrontProductsRequest request,
                                       StreamObserver<ListStorefrontProductsResponse> out) {
        final Page<dev.tradeloom.catalog.domain.StorefrontProduct> page = storefront.list(
                id(request.getTenantId()), request.getPageSize(), request.getPageToken(), request.getLanguage());
        reply(out, ListStorefrontProductsResponse.newBuilder()
                .addAllProducts(page.items().stream().map(p -> StorefrontProtos.product(p, images::url))
                                    .toList())
                .setNextPageToken(page.nextPageToken()).build());
    }

    @Override
    public void getStorefrontProduct(GetStorefrontProductRequest request, StreamObserver<StorefrontProduct> out) {
        reply(out, StorefrontProtos.product(storefront.get(id(request.getTenantId()), request.getProduct(),
                                                           request.getLanguage(), request.getIncludeSoldOut()),
                                            images::url));
    }
}
