package dev.tradeloom.catalog.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import dev.tradeloom.catalog.v1.Money;
import dev.tradeloom.catalog.v1.Product;
import dev.tradeloom.catalog.v1.ProductStatus;
import dev.tradeloom.tenant.TenantCoreTesting;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/** Request builders and status assertions shared by the service tests. */
final class CatalogAssertions {
    private CatalogAssertions() {}

    static void assertStatus(Throwable e, Status.Code code, String reason) {
        assertThat(e).isInstanceOf(StatusRuntimeException.class);
        final StatusRuntimeException sre = (StatusRuntimeException) e;
        assertThat(sre.getStatus().getCode()).as(sre.getStatus().toString()).isEqualTo(code);
        assertThat(TenantCoreTesting.reason(sre)).isEqualTo(reason);
    }

    static String firstViolation(Throwable e) {
        return TenantCoreTesting.badRequest((StatusRuntimeException) e).getFieldViolations(0).getField();
    }

    static Money inr(long minor) {
        return Money.newBuilder().setAmountMinor(minor).setCurrency("INR").build();
    }

    /** An active product with stock, named after a unique {@code prefix}. */
    static Product.Builder product(String prefix) {
        final String unique = prefix + '-' + UUID.randomUUID().toString().substring(0, 8);
        return Product.newBuilder().setSku(unique.toUpperCase(java.util.Locale.ROOT)).setSlug(unique)
                      .setName("Banarasi saree " + unique).setDescription("Handwoven silk")
                      .setPrice(inr(500_000)).setStock(5).setStatus(ProductStatus.PRODUCT_STATUS_ACTIVE);
    }
}
