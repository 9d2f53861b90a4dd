package dev.tradeloom.tryon.api;

import static dev.tradeloom.tryon.TryOnWorkerTesting.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.tradeloom.tenant.TenantCoreTesting;
import dev.tradeloom.tryon.TryOnWorkerTesting;
import dev.tradeloom.tryon.domain.TryOnSettings;
import dev.tradeloom.tryon.provider.OfflineTryOnProvider;
import dev.tradeloom.tryon.v1.CancelTryOnJobRequest;
import dev.tradeloom.tryon.v1.DeleteTryOnJobRequest;
import dev.tradeloom.tryon.v1.TryOnJob;
import dev.tradeloom.tryon.v1.TryOnServiceGrpc.TryOnServiceBlockingStub;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * The daily quota (two jobs per user here) limits what the image service is asked: a job cancelled or deleted
 * before it ever ran gives its unit back, one that ran keeps it. No worker runs; the test sets a job's queue
 * row as a worker's claim leaves it.
 */
class TryOnQuotaTest {
    private static TryOnWorkerTesting tw;

    @BeforeAll
    static void start() {
        tw = new TryOnWorkerTesting(new OfflineTryOnProvider(),
                                    new TryOnSettings(2, 500, 3, Duration.ofDays(7), Duration.ofHours(1)),
                                    TryOnWorkerTesting.FAST_JOBS);
        tw.app.worker().close(Duration.ofSeconds(5));
    }

    @AfterAll
    static void stop() {
        tw.close();
    }

    @Test
    void jobCancelledOrDeletedBeforeItRan_givesItsQuotaBack() {
        final String buyer = tw.buyer();
        final TryOnServiceBlockingStub stub = tw.client(TryOnServiceBlockingStub.class, buyer);
        final TryOnJob first = stub.submitTryOnJob(tw.submitRequest(buyer));
        final TryOnJob second = stub.submitTryOnJob(tw.submitRequest(buyer));
        assertQuotaUsedUp(stub, buyer);

        stub.cancelTryOnJob(CancelTryOnJobRequest.newBuilder().setJobId(first.getId()).build());
        stub.submitTryOnJob(tw.submitRequest(buyer));
        assertQuotaUsedUp(stub, buyer);

        stub.deleteTryOnJob(DeleteTryOnJobRequest.newBuilder().setJobId(second.getId()).build());
        stub.submitTryOnJob(tw.submitRequest(buyer));
        assertQuotaUsedUp(stub, buyer);

        // The cancelled job gave its unit back once: deleting it now gives nothing more.
        stub.deleteTryOnJob(DeleteTryOnJobRequest.newBuilder().setJobId(first.getId()).build());
        assertQuotaUsedUp(stub, buyer);
    }

    @Test
    void jobThatRan_keepsItsQuota_whenCancelledOrDeleted() {
        final String buyer = tw.buyer();
        final TryOnServiceBlockingStub stub = tw.client(TryOnServiceBlockingStub.class, buyer);
        final TryOnJob running = stub.submitTryOnJob(tw.submitRequest(buyer));
        final TryOnJob retrying = stub.submitTryOnJob(tw.submitRequest(buyer));
        tw.setQueueRow(running.getId(), "running", 1);
        tw.setQueueRow(retrying.getId(), "queued", 1); // Its first attempt failed; it waits for the next one.

        stub.cancelTryOnJob(CancelTryOnJobRequest.newBuilder().setJobId(running.getId()).build());
        assertQuotaUsedUp(stub, buyer);
        stub.deleteTryOnJob(DeleteTryOnJobRequest.newBuilder().setJobId(retrying.getId()).build());
        assertQuotaUsedUp(stub, buyer);
    }

    private static void assertQuotaUsedUp(TryOnServiceBlockingStub stub, String buyer) {
        assertThatThrownBy(() -> stub.submitTryOnJob(tw.submitRequest(buyer)))
                .satisfies(e -> {
                    assertStatus(e, Status.Code.RESOURCE_EXHAUSTED, "TRYON_USER_QUOTA");
                    // A daily quota of the UTC day: a retry can succeed from the next midnight.
                    assertThat(TenantCoreTesting.retryDelay((StatusRuntimeException) e))
                            .isPositive().isLessThanOrEqualTo(Duration.ofDays(1));
                });
    }
}
