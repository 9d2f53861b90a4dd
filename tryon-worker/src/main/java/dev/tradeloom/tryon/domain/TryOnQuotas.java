package dev.tradeloom.tryon.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;

import org.jdbi.v3.core.Handle;
import org.jspecify.annotations.Nullable;

import dev.tradeloom.platform.error.ResourceExhaustedException;
import dev.tradeloom.tryon.store.QuotaDao;
import dev.tradeloom.tryon.store.TryOnJobRow;

/**
 * The daily try-on quotas of users and tenants (UTC days): a job takes one of each when it is queued, in the
 * transaction that queues it, and gives them back when it goes before it ever ran.
 */
final class TryOnQuotas {
    private final TryOnSettings settings;

    TryOnQuotas(TryOnSettings settings) {
        this.settings = settings;
    }

    /** Counts a new job against today's quotas of {@code userId} and, when given, {@code tenantId}. */
    void take(Handle h, UUID userId, @Nullable UUID tenantId) {
        final QuotaDao quotas = h.attach(QuotaDao.class);
        final Instant now = Instant.now();
        final LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        if (quotas.take(today, "user", userId, settings.userJobsPerDay()).isEmpty()) {
            throw ResourceExhaustedException.untilTomorrow(
                    "TRYON_USER_QUOTA", "You have used all " + settings.userJobsPerDay() + " try-ons of today; "
                                        + "more are available after midnight UTC", now);
        }
        if (tenantId != null && quotas.take(today, "tenant", tenantId, settings.tenantJobsPerDay()).isEmpty()) {
            throw ResourceExhaustedException.untilTomorrow(
                    "TRYON_TENANT_QUOTA", "Tenant " + tenantId + " has used all " + settings.tenantJobsPerDay()
                                          + " try-ons of today; more are available after midnight UTC", now);
        }
    }

    /**
     * Gives back what a job took from the quotas on its day, when it is cancelled or deleted before it
     * ever ran: the quotas limit what the image service is asked, and it was never asked.
     */
    static void giveBack(Handle h, TryOnJobRow job) {
        final QuotaDao quotas = h.attach(QuotaDao.class);
        final LocalDate day = LocalDate.ofInstant(job.createdAt(), ZoneOffset.UTC);
        quotas.giveBack(day, "user", job.userId());
        if (job.tenantId() != null) {
            quotas.giveBack(day, "tenant", job.tenantId());
        }
    }
}
