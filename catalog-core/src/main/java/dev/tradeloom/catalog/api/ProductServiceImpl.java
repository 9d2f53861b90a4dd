package dev.tradeloom.catalog.api;

import static dev.tradeloom.catalog.api.CommonProtos.id;
import static dev.tradeloom.platform.grpc.Replies.empty;
import static dev.tradeloom.platform.grpc.Replies.reply;
import static java.util.Objects.requireNonNull;

import java.util.UUID;
import java.util.function.UnaryOperator;

import com.google.protobuf.Empty;

import dev.tradeloom.catalog.domain.Images;
import dev.tradeloom.catalog.domain.Products;
import dev.tradeloom.catalog.v1.CreateProductRequest;
import dev.tradeloom.catalog.v1.DeleteProductRequest;
import dev.tradeloom.catalog.v1.GetProductRequest;
import dev.tradeloom.catalog.v1.ListProductsRequest;
import dev.tradeloom.catalog.v1.ListProductsResponse;
import dev.tradeloom.catalog.v1.Product;
import dev.tradeloom.catalog.v1.ProductServiceGrpc;
import dev.tradeloom.catalog.v1.UpdateProductRequest;
import dev.tradeloom.platform.api.FieldMasks;
import dev.tradeloom.platform.api.Page;
import io.grpc.stub.StreamObserver;

/** tradeloom.catalog.v1.ProductService over {@link Products}. */
public final class ProductServiceImpl extends ProductServiceGrpc.ProductServiceImplBase {
    private final Products products;
    private final Images images;

    public ProductServiceImpl(Products products, Images images) {
        this.products = requireNonNull(products, "products");
        this.images = requireNonNull(images, "images");
    }

    @Override
    public void createProduct(CreateProductRequest request, StreamObserver<Product> out) {
        reply(out, product(products.create(id(request.getTenantId()),
                                           ProductProtos.draft(request.getProduct()),
                                           CommonProtos.requestId(request.getRequestId()))));
    }

    @Override
    public void getProduct(GetProductRequest request, StreamObserver<Product> out) {
        reply(out, product(products.get(id(request.getTenantId()), id(request.getProductId()),
                                        request.getLanguage())));
    }

    @Override
    public void listProducts(ListProductsRequest request, StreamObserver<ListProductsResponse> out) {
        final Page<dev.tradeloom.catalog.domain.Product> page = products.list(
                id(request.getTenantId()), request.getPageSize(), request.getPageToken(), request.getLanguage());
        reply(out, ListProductsResponse.newBuilder()
                                       .addAllProducts(page.items().stream().map(this::product).toList())
                                       .setNextPageToken(page.nextPageToken()).build());
    }

    @Override
    public void updateProduct(UpdateProductRequest request, StreamObserver<Product> out) {
        final UUID productId = CommonProtos.requiredId(request.getProduct().getId(), "product.id");
        final UnaryOperator<dev.tradeloom.catalog.domain.Product> change = current -> ProductProtos.draft(
                FieldMasks.apply(product(current), request.getProduct(), request.getUpdateMask(),
                                 ProductProtos.READ_ONLY));
        reply(out, product(products.update(id(request.getTenantId()), productId,
                                           request.getProduct().getEtag(), change)));
    }

    @Override
    public void deleteProduct(DeleteProductRequest request, StreamObserver<Empty> out) {
        products.delete(id(request.getTenantId()), id(request.getProductId()), request.getEtag());
        empty(out);
    }

    private Product product(dev.tradeloom.catalog.domain.Product p) {
        return ProductProtos.product(p, images::url);
    }
}
