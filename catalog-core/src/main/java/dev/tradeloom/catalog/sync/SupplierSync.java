package dev.tradeloom.catalog.sync;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.linecorp.armeria.client.grpc.GrpcClients;

import dev.tradeloom.catalog.domain.Suppliers;
import dev.tradeloom.catalog.store.SupplierRow;
import dev.tradeloom.tenant.v1.ListTenantChangesRequest;
import dev.tradeloom.tenant.v1.ListTenantChangesResponse;
import dev.tradeloom.tenant.v1.TenantChange;
import dev.tradeloom.tenant.v1.TenantServiceGrpc.TenantServiceBlockingStub;
import dev.tradeloom.tenant.v1.TenantStatus;

/**
 * Keeps the supplier read-model by pulling tenant-core's change feed (ListTenantChanges) at start
 * and then every few seconds. The position is stored with the applied changes, so a restart
 * resumes where the last batch ended; a failed pull is logged and retried at the next tick.
 */
public final class SupplierSync implements AutoCloseable {
    private static final Logger logger = LoggerFactory.getLogger(SupplierSync.class);
    private static final int BATCH = 500;

    private final TenantServiceBlockingStub tenants;
    private final Suppliers suppliers;
    private final ScheduledExecutorService timer;

    SupplierSync(TenantServiceBlockingStub tenants, Suppliers suppliers) {
        this.tenants = requireNonNull(tenants, "tenants");
        this.suppliers = requireNonNull(suppliers, "suppliers");
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            final Thread thread = new Thread(r, "supplier-sync");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Follows the feed of the tenant-core at {@code tenantCoreUrl}, pulling every {@code every}. */
    public static SupplierSync start(String tenantCoreUrl, Suppliers suppliers, Duration every) {
        requireNonNull(tenantCoreUrl, "tenantCoreUrl");
        requireNonNull(every, "every");
        final SupplierSync sync = new SupplierSync(
                GrpcClients.builder(tenantCoreUrl).responseTimeout(Duration.ofSeconds(10))
                           .build(TenantServiceBlockingStub.class),
                suppliers);
        sync.timer.scheduleWithFixedDelay(sync::pullQuietly, 0, every.toMillis(), TimeUnit.MILLISECONDS);
        return sync;
    }

    /**
     * Applies every change published so far and returns how many there were. Safe to call from any
     * thread; calls take turns.
     */
    public synchronized int pull() {
        int applied = 0;
        long after = suppliers.position();
        while (true) {
            final ListTenantChangesResponse page = tenants.listTenantChanges(
                    ListTenantChangesRequest.newBuilder().setAfterSeq(after).setPageSize(BATCH).build());
            if (page.getChangesCount() == 0) {
                return applied;
            }
            suppliers.apply(page.getChangesList().stream().map(SupplierSync::supplier).toList(), page.getLastSeq());
            applied += page.getChangesCount();
            after = page.getLastSeq();
        }
    }

    private void pullQuietly() {
        try {
            final int applied = pull();
            if (applied > 0) {
                logger.debug("Applied {} supplier changes", applied);
            }
        } catch (RuntimeException e) {
            // tenant-core may be starting or briefly away; the next tick retries from the stored position.
            logger.warn("Supplier sync failed, retrying at the next tick: {}", e.toString());
        }
    }

    static SupplierRow supplier(TenantChange change) {
        final boolean active = !change.getDeleted() && change.getStatus() == TenantStatus.TENANT_STATUS_ACTIVE;
        return new SupplierRow(UUID.fromString(change.getTenantId()), change.getSlug(), change.getName(),
                               change.getCity(), change.getDefaultLanguage().isEmpty() ? "en"
                                                                                        : change.getDefaultLanguage(),
                               active, change.getSeq());
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
