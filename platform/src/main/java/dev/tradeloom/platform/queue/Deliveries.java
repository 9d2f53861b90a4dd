package dev.tradeloom.platform.queue;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import dev.tradeloom.platform.api.Page;
import dev.tradeloom.platform.api.PageTokens;
import dev.tradeloom.platform.error.NotFoundException;

/**
 * Outbound deliveries of one service's queue (emails, CRM pushes) that gave up: listed with their
 * reason and put back in the queue on request, per tenant for its owners or everywhere for
 * operators. Payloads are never shown: mail jobs carry addresses.
 */
public final class Deliveries {
    private static final int DEFAULT_PAGE = 50;
    private static final int MAX_PAGE = 100;

    private final JobQueue queue;

    public Deliveries(JobQueue queue) {
        this.queue = requireNonNull(queue, "queue");
    }

    /** The tenant's failed deliveries, newest first. */
    public Page<DeadJob> failed(UUID tenantId, int pageSize, String pageToken) {
        return page(null, tenantId, pageSize, pageToken);
    }

    /** Every tenant's failed deliveries on {@code channel} (null: all), newest first, for operators. */
    public Page<DeadJob> failedEverywhere(@Nullable String channel, int pageSize, String pageToken) {
        return page(channel, null, pageSize, pageToken);
    }

    private Page<DeadJob> page(@Nullable String channel, @Nullable UUID tenantId, int pageSize, String pageToken) {
        final int size = PageTokens.pageSize(pageSize, DEFAULT_PAGE, MAX_PAGE);
        DeadJob after = null;
        if (!pageToken.isEmpty()) {
            final List<String> parts = PageTokens.decode(pageToken, 2);
            after = new DeadJob(PageTokens.uuid(parts.get(1)), "", "", tenantId, "", 0, null,
                                PageTokens.instant(parts.get(0)));
        }
        final List<DeadJob> rows = queue.listDead(channel, tenantId, after, size + 1);
        return Page.of(rows, size, last -> PageTokens.encode(last.updatedAt().toString(),
                                                             last.id().toString()));
    }

    /** Queues the failed delivery {@code deliveryId}, whatever its tenant, again; for operators. */
    public void retry(UUID deliveryId) {
        if (!queue.retryDead(deliveryId)) {
            throw new NotFoundException("DELIVERY_NOT_FOUND", "No failed delivery " + deliveryId + '.');
        }
    }

    /** Queues the tenant's failed delivery {@code deliveryId} again with a fresh attempt budget. */
    public void retry(UUID tenantId, UUID deliveryId) {
        final boolean ours = queue.findDead(deliveryId).map(job -> tenantId.equals(job.tenantId()))
                                  .orElse(false);
        if (!ours || !queue.retryDead(deliveryId)) {
            throw new NotFoundException("DELIVERY_NOT_FOUND",
                                        "No failed delivery " + deliveryId + " of tenant " + tenantId + '.');
        }
    }
}
