package dev.tradeloom.enquiry.api;

import static dev.tradeloom.enquiry.EnquiryCoreTesting.assertStatus;
import static dev.tradeloom.enquiry.api.EnquiryServiceTest.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.server.Server;

import dev.tradeloom.enquiry.EnquiryCoreTesting;
import dev.tradeloom.enquiry.EnquiryCoreTesting.Team;
import dev.tradeloom.enquiry.domain.GuestLimits;
import dev.tradeloom.enquiry.v1.CreateEnquiryRequest;
import dev.tradeloom.enquiry.v1.EnquiryContact;
import dev.tradeloom.enquiry.v1.EnquiryServiceGrpc.EnquiryServiceBlockingStub;
import dev.tradeloom.platform.testing.Eventually;
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

    @Test
    void enquiriesToUnknownTenants_pullTheFeedAtMostOncePerInterval_andANewSupplierIsFoundOnceItPassed() {
        final TenantCoreTesting tenantCore = new TenantCoreTesting();
        final AtomicInteger feedCalls = new AtomicInteger();
        final AtomicBoolean tenantCoreDown = new AtomicBoolean();
        final Server proxy = countingProxy(tenantCore.uri(), feedCalls, tenantCoreDown);
        final SettableClock clock = new SettableClock(Instant.now());
        final Duration every = Duration.ofSeconds(5);
        final String viaProxy = "http://127.0.0.1:" + proxy.activeLocalPort();
        try (EnquiryCoreTesting ec = new EnquiryCoreTesting(tenantCore, viaProxy, LIMITS, every, clock)) {
            // The feed's first pull, then one more once it is done: the read-model is up to date.
            Eventually.await(Duration.ofSeconds(30), "the feed's first pull", () -> feedCalls.get() > 0);
            ec.app.supplierFeed().pull();
            final int before = feedCalls.get();

            // Anyone may name made-up tenants, as fast as they like: each must not cost a call to tenant-core.
            final EnquiryServiceBlockingStub guest = ec.guest(EnquiryServiceBlockingStub.class, "198.51.100.7");
            for (int i = 0; i < 5; i++) {
                assertThatThrownBy(() -> guest.createEnquiry(guestRequest(UUID.randomUUID().toString())))
                        .satisfies(e -> assertStatus(e, Status.Code.NOT_FOUND, "SUPPLIER_NOT_FOUND"));
            }
            assertThat(feedCalls.get() - before).isEqualTo(1);

            // A supplier created meanwhile waits for the next pull too, and is found once the interval passed.
            final Team supplier = ec.supplier("Bhagalpur Tussar", TenantKind.TENANT_KIND_SUPPLIER);
            clock.advance(every.minusMillis(1));
            assertThatThrownBy(() -> guest.createEnquiry(guestRequest(supplier.tenantId())))
                    .satisfies(e -> assertStatus(e, Status.Code.NOT_FOUND, "SUPPLIER_NOT_FOUND"));
            clock.advance(Duration.ofMillis(1));
            assertThat(guest.createEnquiry(guestRequest(supplier.tenantId())).getSupplierName())
                    .isEqualTo(supplier.name());
            // One call brought the supplier, one more found nothing after it.
            assertThat(feedCalls.get() - before).isEqualTo(3);

            // A pull that failed is not retried within the interval either: the answer stays UNAVAILABLE.
            tenantCoreDown.set(true);
            clock.advance(every);
            final int whileDown = feedCalls.get();
            for (int i = 0; i < 3; i++) {
                assertThatThrownBy(() -> guest.createEnquiry(guestRequest(UUID.randomUUID().toString())))
                        .satisfies(e -> assertThat(Status.fromThrowable(e).getCode())
                                .isEqualTo(Status.Code.UNAVAILABLE));
            }
            assertThat(feedCalls.get() - whileDown).isEqualTo(1);
        } finally {
            tenantCore.close();
            proxy.stop().join();
        }
    }

    private static CreateEnquiryRequest guestRequest(String tenantId) {
        return request(tenantId, "tussar silk")
                .setEnquiry(EnquiryServiceTest.enquiry("tussar silk").setContact(
                        EnquiryContact.newBuilder().setName("Meera")
                                      .setEmail(TenantCoreTesting.newEmail("guest"))))
                .build();
    }

    /**
     * Forwards every request to {@code target}, counting those for tenant-core's change feed, and answers
     * 503 itself while {@code down}.
     */
    private static Server countingProxy(String target, AtomicInteger feedCalls, AtomicBoolean down) {
        final WebClient upstream = WebClient.of(target);
        final Server proxy = Server.builder().http(0).serviceUnder("/", (ctx, req) -> {
            if (req.path().endsWith("/ListTenantChanges")) {
                feedCalls.incrementAndGet();
            }
            return down.get() ? HttpResponse.of(HttpStatus.SERVICE_UNAVAILABLE) : upstream.execute(req);
        }).build();
        proxy.start().join();
        return proxy;
    }

    /** A clock a test moves by hand. */
    private static final class SettableClock extends Clock {
        private volatile Instant now;

        SettableClock(Instant start) {
            now = start;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
