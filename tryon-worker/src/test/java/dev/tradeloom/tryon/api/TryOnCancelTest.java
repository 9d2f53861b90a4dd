package dev.tradeloom.tryon.api;

import static dev.tradeloom.tryon.TryOnWorkerTesting.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tradeloom.platform.queue.QueueWorkerSettings;
import dev.tradeloom.platform.testing.Eventually;
import dev.tradeloom.tenant.TenantCoreTesting;
import dev.tradeloom.tenant.v1.Address;
import dev.tradeloom.tenant.v1.CreateTenantRequest;
import dev.tradeloom.tenant.v1.LoginRequest;
import dev.tradeloom.tenant.v1.Tenant;
import dev.tradeloom.tenant.v1.TenantKind;
import dev.tradeloom.tenant.v1.TenantServiceGrpc.TenantServiceBlockingStub;
import dev.tradeloom.tryon.GatedProvider;
import dev.tradeloom.tryon.TryOnWorkerTesting;
import dev.tradeloom.tryon.domain.Photos;
import dev.tradeloom.tryon.domain.TryOnSettings;
import dev.tradeloom.tryon.v1.CancelTryOnJobRequest;
import dev.tradeloom.tryon.v1.GetTryOnJobRequest;
import dev.tradeloom.tryon.v1.SubmitTryOnJobRequest;
import dev.tradeloom.tryon.v1.TryOnJob;
import dev.tradeloom.tryon.v1.TryOnJobState;
import dev.tradeloom.tryon.v1.TryOnServiceGrpc.TryOnServiceBlockingStub;
import dev.tradeloom.tryon.v1.WatchTryOnJobRequest;
import io.grpc.Status;
import io.micrometer.core.instrument.Timer;

/**
 * Cancelling queued and running jobs, with a worker that runs one job at a time and an image service that
 * answers only when the test lets it; and the tenant's daily quota. Each test has a tryon-worker and an image
 * service of its own: one test's jobs, held at the gate, would keep the worker's one thread from the jobs of
 * the next, and tell it a generation had started when its own had not.
 */
class TryOnCancelTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private final GatedProvider provider = new GatedProvider();
    private TryOnWorkerTesting tw;

    @BeforeEach
    void start() {
        final QueueWorkerSettings oneAtATime = new QueueWorkerSettings(1, 1, Duration.ofSeconds(10),
                                                                       Duration.ofMillis(500), Duration.ofMillis(20),
                                                                       Duration.ofMillis(100));
        tw = new TryOnWorkerTesting(provider, new TryOnSettings(20, 2, 3, Duration.ofDays(7), Duration.ofHours(1)),
                                    oneAtATime);
    }

    @AfterEach
    void stop() {
        provider.open();
        tw.close();
    }

    @Test
    void cancel_queuedAndRunningJobs_endsBoth_discardsTheRunningResult_andTellsWatchers() throws Exception {
        final String buyer = tw.buyer();
        final UUID userId = UUID.fromString(com.nimbusds.jwt.SignedJWT.parse(buyer).getJWTClaimsSet().getSubject());
        final TryOnServiceBlockingStub stub = tw.client(TryOnServiceBlockingStub.class, buyer);
        final TryOnJob running = stub.submitTryOnJob(tw.submitRequest(buyer));
        provider.awaitEntered(WAIT);
        final TryOnJob queued = stub.submitTryOnJob(tw.submitRequest(buyer));
        assertThat(stub.getTryOnJob(get(running.getId())).getState()).isEqualTo(TryOnJobState.TRY_ON_JOB_STATE_RUNNING);
        assertThat(stub.getTryOnJob(get(queued.getId())).getState()).isEqualTo(TryOnJobState.TRY_ON_JOB_STATE_QUEUED);
        final List<TryOnJobState> watched = new CopyOnWriteArrayList<>();
        final CompletableFuture<Void> watchEnded = CompletableFuture.runAsync(
                () -> tw.client(TryOnServiceBlockingStub.class, buyer)
                        .watchTryOnJob(WatchTryOnJobRequest.newBuilder().setJobId(running.getId()).build())
                        .forEachRemaining(job -> watched.add(job.getState())));
        // Its first message sent, not only subscribed: a watch that read the job after the cancel below would
        // rightly send it cancelled, and never running.
        Eventually.await(WAIT, "the watch sent the job", () -> !watched.isEmpty());

        final TryOnJob cancelledQueued = stub.cancelTryOnJob(cancel(queued.getId()));
        assertThat(cancelledQueued.getState()).isEqualTo(TryOnJobState.TRY_ON_JOB_STATE_CANCELLED);
        final TryOnJob cancelledRunning = stub.cancelTryOnJob(cancel(running.getId()));
        assertThat(cancelledRunning.getState()).isEqualTo(TryOnJobState.TRY_ON_JOB_STATE_CANCELLED);
        watchEnded.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(watched).containsExactly(TryOnJobState.TRY_ON_JOB_STATE_RUNNING,
                                            TryOnJobState.TRY_ON_JOB_STATE_CANCELLED);

        provider.open(); // The running generation returns now; its result must not be kept.
        Eventually.await(WAIT, "the cancelled job's handler returned", () -> {
            final Timer handled = tw.app.meterRegistry().find("tradeloom.jobs.handled").tag("queue", "tryon")
                                        .timer();
            return handled != null && handled.count() >= 1;
        });
        assertThat(tw.app.store().head(Photos.resultKey(userId, UUID.fromString(running.getId()), 1, "image/png")))
                .isEmpty();
        final TryOnJob after = stub.getTryOnJob(get(running.getId()));
        assertThat(after.getState()).isEqualTo(TryOnJobState.TRY_ON_JOB_STATE_CANCELLED);
        assertThat(after.getResultUrl()).isEmpty();
        assertThat(stub.getTryOnJob(get(queued.getId())).getAttempts()).isZero();

        assertThatThrownBy(() -> stub.cancelTryOnJob(cancel(running.getId())))
                .satisfies(e -> assertStatus(e, Status.Code.FAILED_PRECONDITION, "TRYON_JOB_ENDED"));
    }

    @Test
    void tenantQuota_isSharedByItsMembers_andOnlyMembersMayUseIt() {
        final String ownerEmail = TenantCoreTesting.newEmail("owner");
        final String first = tw.tenantCore.signUp(ownerEmail);
        final Tenant tenant = tw.tenantCore.client(TenantServiceBlockingStub.class, first).createTenant(
                CreateTenantRequest.newBuilder().setTenant(
                        Tenant.newBuilder().setSlug("b-" + UUID.randomUUID().toString().substring(0, 12))
                              .setName("Boutique").setKind(TenantKind.TENANT_KIND_BUYER).setCategory("Retail")
                              .setAddress(Address.newBuilder().setCity("Pune").setCountry("IN"))).build());
        // A fresh token carries the new membership.
        final String owner = tw.tenantCore.auth(null).login(LoginRequest.newBuilder().setEmail(ownerEmail)
                                                                        .setPassword(TenantCoreTesting.PASSWORD)
                                                                        .build()).getTokens().getAccessToken();
        final TryOnServiceBlockingStub stub = tw.client(TryOnServiceBlockingStub.class, owner);
        for (int i = 0; i < 2; i++) {
            assertThat(stub.submitTryOnJob(forTenant(owner, tenant)).getTenantId()).isEqualTo(tenant.getId());
        }
        assertThatThrownBy(() -> stub.submitTryOnJob(forTenant(owner, tenant)))
                .satisfies(e -> assertStatus(e, Status.Code.RESOURCE_EXHAUSTED, "TRYON_TENANT_QUOTA"));
        // Without the tenant, the user's own quota still has room.
        assertThat(stub.submitTryOnJob(tw.submitRequest(owner)).getTenantId()).isEmpty();

        final String stranger = tw.buyer();
        assertThatThrownBy(() -> tw.client(TryOnServiceBlockingStub.class, stranger).submitTryOnJob(
                forTenant(stranger, tenant)))
                .satisfies(e -> assertStatus(e, Status.Code.PERMISSION_DENIED, "TRYON_NOT_ALLOWED"));
    }

    /** A submit by {@code token}'s user counted against {@code tenant}'s quota too. */
    private SubmitTryOnJobRequest forTenant(String token, Tenant tenant) {
        return tw.submitRequest(token).toBuilder().setTenantId(tenant.getId()).build();
    }

    private static GetTryOnJobRequest get(String id) {
        return GetTryOnJobRequest.newBuilder().setJobId(id).build();
    }

    private static CancelTryOnJobRequest cancel(String id) {
        return CancelTryOnJobRequest.newBuilder().setJobId(id).build();
    }
}
