package dev.tradeloom.platform.queue;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker's bounded slots for the jobs it claimed, each taken from the claim until the run ends: a job has
 * its lease extended while it has its slot, and is held until its run starts; a held job that never starts
 * (the worker is closing) is given back to the queue for the other workers.
 */
final class JobSlots {
    private static final Logger logger = LoggerFactory.getLogger(JobSlots.class);

    private final Semaphore slots;
    /**
     * Claimed jobs whose run has not started; whoever takes one out, its run or {@link QueueWorker#close},
     * owns it.
     */
    private final Set<Job> held = ConcurrentHashMap.newKeySet();
    private final LeaseHeartbeat heartbeat;
    private final JobClaims claims;

    JobSlots(int slots, LeaseHeartbeat heartbeat, JobClaims claims) {
        this.slots = new Semaphore(slots);
        this.heartbeat = heartbeat;
        this.claims = claims;
    }

    /** The slots free for more claims. */
    int free() {
        return slots.availablePermits();
    }

    /** Gives {@code job} a slot, extends its lease from now on, and holds it until its run starts. */
    void hold(Job job) {
        slots.acquireUninterruptibly();
        heartbeat.add(job);
        held.add(job);
    }

    /** Takes {@code job} out of the held jobs; false when it was no longer held (another took it out). */
    boolean take(Job job) {
        return held.remove(job);
    }

    /**
     * Puts back a claimed job that never started, due now and with the attempt its claim counted taken back,
     * so that a worker that is closing leaves it to the others rather than to its lease's expiry.
     */
    void giveBack(Job job) {
        try {
            claims.putBack(job, Instant.now());
        } catch (JdbiException e) {
            logger.warn("Cannot give back job {} of {} ({}); it runs again when its lease expires",
                        job.id(), job.queue(), e.getMessage());
        } finally {
            release(job);
        }
    }

    /** Gives back every claimed job that has not started. */
    void giveBackHeld() {
        for (Job job : List.copyOf(held)) {
            if (held.remove(job)) {
                giveBack(job);
            }
        }
    }

    /** Frees {@code job}'s slot and stops heartbeating it. */
    void release(Job job) {
        heartbeat.remove(job);
        slots.release();
    }
}
