package dev.tradeloom.enquiry.api;

import static dev.tradeloom.enquiry.EnquiryCoreTesting.assertStatus;
import static dev.tradeloom.enquiry.api.EnquiryServiceTest.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.tradeloom.enquiry.EnquiryCoreTesting;
import dev.tradeloom.enquiry.EnquiryCoreTesting.Team;
import dev.tradeloom.enquiry.domain.GuestLimits;
import dev.tradeloom.enquiry.v1.EnquiryServiceGrpc.EnquiryServiceBlockingStub;
import dev.tradeloom.tenant.TenantCoreTesting;
import dev.tradeloom.tenant.v1.DeleteTenantRequest;
import dev.tradeloom.tenant.v1.TenantKind;
import dev.tradeloom.tenant.v1.TenantServiceGrpc.TenantServiceBlockingStub;
import io.grpc.Status;

/**
 * Suppliers come from enquiry-core's read-model of tenant-core's change feed: enquiries keep being
 * accepted while tenant-core is away, and a supplier's removal takes effect once the feed carries it.
 */
class SupplierReadModelTest {
    private static final GuestLimits LIMITS = new GuestLimits(5, 20);

    @Test
    void aKnownSupplierTakesEnquiriesWhileTenantCoreIsDown() {
        final TenantCoreTesting tenantCore = new TenantCoreTesting();
        try (EnquiryCoreTesting ec = new EnquiryCoreTesting(tenantCore, LIMITS)) {
            final Team supplier = ec.supplier("Varanasi Weaves", TenantKind.TENANT_KIND_SUPPLIER);
            final EnquiryServiceBlockingStub buyer = ec.client(EnquiryServiceBlockingStub.class, ec.buyer());
            // The first enquiry finds the new supplier by catching up with the feed.
            buyer.createEnquiry(request(supplier.tenantId(), "first").build());

            tenantCore.close();

            assertThat(buyer.createEnquiry(request(supplier.tenantId(), "while tenant-core is down").build())
                            .getSupplierName())
                    .isEqualTo(supplier.name());
            assertThatThrownBy(() -> buyer.createEnquiry(request(UUID.randomUUID().toString(), "who?").build()))
                    .satisfies(e -> assertThat(Status.fromThrowable(e).getCode())
                            .isEqualTo(Status.Code.UNAVAILABLE))
                    .hasMessageContaining("supplier directory is unavailable");
        }
    }

    @Test
    void aDeletedSupplierTakesNoEnquiriesOnceTheFeedCarriesTheDeletion() {
        try (EnquiryCoreTesting ec = new EnquiryCoreTesting(LIMITS)) {
            final Team supplier = ec.supplier("Closing Down Textiles", TenantKind.TENANT_KIND_SUPPLIER);
            final EnquiryServiceBlockingStub buyer = ec.client(EnquiryServiceBlockingStub.class, ec.buyer());
            buyer.createEnquiry(request(supplier.tenantId(), "before").build());

            ec.tenantCore.client(TenantServiceBlockingStub.class, supplier.ownerToken())
                         .deleteTenant(DeleteTenantRequest.newBuilder().setTenantId(supplier.tenantId())
                                                          .build());
            assertThat(ec.app.supplierFeed().pull()).isPositive();

            assertThatThrownBy(() -> buyer.createEnquiry(request(supplier.tenantId(), "after").build()))
                    .satisfies(e -> assertStatus(e, Status.Code.NOT_FOUND, "SUPPLIER_NOT_FOUND"));
        }
    }
}
