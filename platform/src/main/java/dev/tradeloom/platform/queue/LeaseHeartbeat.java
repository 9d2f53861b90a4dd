package dev.tradeloom.platform.queue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tradeloom.platform.task.Periodic;

/**
 * Extends, every third of the lease, the leases of the jobs a worker runs, so that a job running longer than
 * its lease is not claimed again meanwhile. It runs on a {@link Periodic}: a beat that fails, however, is
 * logged and the next one tries again.
 */
final class LeaseHeartbeat implements AutoCloseable {
    private static final Logger logger = LoggerFactory.getLogger(LeaseHeartbeat.class);

    private final Jdbi jdbi;
    private final String owner;
    private final Duration lease;
    /**
     * The run of each job whose lease is extended: the latest claim's. A job can be claimed again while an
     * earlier run of it is still in its handler: reclaimed by this worker once its lease expired (heartbeats
     * failing through a database outage), or claimed again after a busy put-back, with the same attempt.
     * Runs are told apart by their {@link Job} instance, one per claim.
     */
    private final Map<UUID, Job> runs = new ConcurrentHashMap<>();
    private final Periodic timer = new Periodic("job-heartbeat");

    LeaseHeartbeat(Jdbi jdbi, String owner, Duration lease) {
        this.jdbi = jdbi;
        this.owner = owner;
        this.lease = lease;
    }

    void start() {
        final Duration beat = lease.dividedBy(3);
        timer.runEvery(beat, beat, this::beat);
    }

    /** Extends {@code job}'s lease from now on, in place of an earlier run's of the same job. */
    void add(Job job) {
        runs.put(job.id(), job);
    }

    /** Stops extending {@code job}'s lease, unless a later claim of the job took its place: that run keeps its. */
    void remove(Job job) {
        runs.computeIfPresent(job.id(), (id, current) -> current == job ? null : current);
    }

    private void beat() {
        // The copy is what is checked: the last run may end between a check of the map and a copy of it, and
        // an empty list makes no SQL (JDBI's @BindList throws).
        final List<UUID> ids = List.copyOf(runs.keySet());
        if (ids.isEmpty()) {
            return;
        }
        try {
            jdbi.useExtension(JobDao.class, dao -> dao.extendLeases(ids, owner, lease.toMillis() / 1000.0));
        } catch (JdbiException e) {
            logger.warn("Cannot extend job leases ({})", e.getMessage());
        }
    }

    @Override
    public void close() {
        timer.close();
    }
}
