package dev.tradeloom.platform.feed;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.linecorp.armeria.client.grpc.GrpcClients;

import dev.tradeloom.platform.task.Periodic;
import dev.tradeloom.tenant.v1.ListTenantChangesRequest;
import dev.tradeloom.tenant.v1.ListTenantChangesResponse;
import dev.tradeloom.tenant.v1.TenantChange;
import dev.tradeloom.tenant.v1.TenantServiceGrpc.TenantServiceBlockingStub;

/**
 * Follows tenant-core's change feed ({@code ListTenantChanges}) into a service's own read-model: at
 * start, then every few seconds, and whenever the service asks ({@link #pull}). The read-model keeps
 * its position with the changes it applied, so a restart resumes where the last batch ended; a failed
 * scheduled pull is logged and retried at the next tick.
 */
public final class TenantFeed implements AutoCloseable {
    private static final Logger logger = LoggerFactory.getLogger(TenantFeed.class);
    private static final int BATCH = 500;

    /** Where the changes go: a read-model that stores each batch together with its position. */
    public interface Sink {
        /** The seq of the last change applied; 0 before the first. */
        long position();

        /** Applies {@code changes} and moves the position to {@code lastSeq}, in one transaction. */
        void apply(List<TenantChange> changes, long lastSeq);
    }

    private final TenantServiceBlockingStub tenants;
    private final Sink sink;
    private final Periodic timer;

    private TenantFeed(TenantServiceBlockingStub tenants, Sink sink, String threadName) {
        this.tenants = tenants;
        this.sink = sink;
        timer = new Periodic(threadName);
    }

    /**
     * Follows the feed of the tenant-core at {@code tenantCoreUrl} into {@code sink}, pulling every
     * {@code every} on a thread named {@code threadName}.
     */
    public static TenantFeed start(String tenantCoreUrl, Sink sink, Duration every, String threadName) {
        requireNonNull(tenantCoreUrl, "tenantCoreUrl");
        requireNonNull(every, "every");
        final TenantFeed feed = new TenantFeed(
                GrpcClients.builder(tenantCoreUrl).responseTimeout(Duration.ofSeconds(10))
                           .build(TenantServiceBlockingStub.class),
                requireNonNull(sink, "sink"), requireNonNull(threadName, "threadName"));
        feed.timer.runEvery(Duration.ZERO, every, feed::pullLogged);
        return feed;
    }

    /**
     * Applies every change published so far and returns how many there were; throws when tenant-core
     * cannot be reached. Safe to call from any thread; calls take turns.
     */
    public synchronized int pull() {
        int applied = 0;
        long after = sink.position();
        while (true) {
            final ListTenantChangesResponse page = tenants.listTenantChanges(
                    ListTenantChangesRequest.newBuilder().setAfterSeq(after).setPageSize(BATCH).build());
            if (page.getChangesCount() == 0) {
                return applied;
            }
            sink.apply(page.getChangesList(), page.getLastSeq());
            applied += page.getChangesCount();
            after = page.getLastSeq();
        }
    }

    private void pullLogged() {
        final int applied = pull();
        if (applied > 0) {
            logger.debug("Applied {} tenant changes", applied);
        }
    }

    @Override
    public void close() {
        timer.close();
    }
}
