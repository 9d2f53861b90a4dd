package dev.tradeloom.enquiry.upstream;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.linecorp.armeria.client.grpc.GrpcClients;

import dev.tradeloom.catalog.v1.GetStorefrontProductRequest;
import dev.tradeloom.catalog.v1.StorefrontServiceGrpc.StorefrontServiceBlockingStub;
import dev.tradeloom.enquiry.domain.Products;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * Products from catalog-core's public storefront ({@code GetStorefrontProduct}), sold-out ones included: a
 * buyer may well ask when an item will be back. Names come in the supplier's default language, the one its
 * team reads.
 */
public final class CatalogCoreProducts implements Products {
    private static final Logger logger = LoggerFactory.getLogger(CatalogCoreProducts.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final StorefrontServiceBlockingStub storefront;

    public CatalogCoreProducts(String catalogCoreUrl) {
        requireNonNull(catalogCoreUrl, "catalogCoreUrl");
        storefront = GrpcClients.builder(catalogCoreUrl).responseTimeout(TIMEOUT)
                                .build(StorefrontServiceBlockingStub.class);
    }

    @Override
    public @Nullable Lookup find(UUID tenantId, UUID productId) {
        try {
            return new Lookup(storefront.getStorefrontProduct(GetStorefrontProductRequest.newBuilder()
                    .setTenantId(tenantId.toString())
                    .setProduct(productId.toString())
                    .setIncludeSoldOut(true)
                    .build()).getName());
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                return Lookup.MISSING;
            }
            logger.warn("catalog-core GetStorefrontProduct failed ({}); the enquiry is taken without the "
                        + "product's name", e.getStatus());
            return null;
        }
    }
}
