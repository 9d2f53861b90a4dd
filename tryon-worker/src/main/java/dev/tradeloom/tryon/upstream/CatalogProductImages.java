package dev.tradeloom.tryon.upstream;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.linecorp.armeria.client.grpc.GrpcClients;

import dev.tradeloom.catalog.v1.GetStorefrontProductRequest;
import dev.tradeloom.catalog.v1.ProductImage;
import dev.tradeloom.catalog.v1.StorefrontProduct;
import dev.tradeloom.catalog.v1.StorefrontServiceGrpc.StorefrontServiceBlockingStub;
import dev.tradeloom.platform.error.FailedPreconditionException;
import dev.tradeloom.platform.error.NotFoundException;
import dev.tradeloom.tryon.domain.ProductImages;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * Product images as catalog-core's public storefront shows them ({@code GetStorefrontProduct}), so a
 * product is tried on only while its supplier shows it. The image lives in the bucket both services
 * share; tryon-worker reads it and never deletes it.
 */
public final class CatalogProductImages implements ProductImages {
    private static final Logger logger = LoggerFactory.getLogger(CatalogProductImages.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final StorefrontServiceBlockingStub storefront;

    public CatalogProductImages(String catalogCoreUrl) {
        storefront = GrpcClients.builder(requireNonNull(catalogCoreUrl, "catalogCoreUrl"))
                                .responseTimeout(TIMEOUT)
                                .build(StorefrontServiceBlockingStub.class);
    }

    @Override
    public String imageKey(UUID tenantId, UUID productId) {
        final StorefrontProduct product;
        try {
            product = storefront.getStorefrontProduct(GetStorefrontProductRequest.newBuilder()
                    .setTenantId(tenantId.toString()).setProduct(productId.toString()).build());
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                throw new NotFoundException("PRODUCT_NOT_FOUND", "No product " + productId + " in the storefront of "
                                                                 + tenantId + '.');
            }
            logger.warn("catalog-core GetStorefrontProduct {}/{} failed: {}", tenantId, productId, e.getStatus());
            throw Status.UNAVAILABLE.withDescription("The catalog is unavailable; retry shortly.")
                                    .asRuntimeException();
        }
        return product.getImagesList().stream().map(ProductImage::getKey).filter(key -> !key.isEmpty())
                      .findFirst()
                      .orElseThrow(() -> new FailedPreconditionException(
                              "PRODUCT_HAS_NO_IMAGE", "Product " + productId + " has no uploaded image to try on."));
    }
}
