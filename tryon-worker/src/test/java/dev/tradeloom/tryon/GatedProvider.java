package dev.tradeloom.tryon;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import dev.tradeloom.tryon.provider.OfflineTryOnProvider;
import dev.tradeloom.tryon.provider.TryOnFailure;
import dev.tradeloom.tryon.provider.TryOnInput;
import dev.tradeloom.tryon.provider.TryOnProvider;

/**
 * Stands in for a slow image service: each generation waits until the test opens the gate, then answers as
 * the offline provider. Lets a test hold a job in the running state.
 */
public final class GatedProvider implements TryOnProvider {
    private final Semaphore entered = new Semaphore(0);
    private final CountDownLatch gate = new CountDownLatch(1);
    private final OfflineTryOnProvider offline = new OfflineTryOnProvider();
    private final boolean deafToInterrupts;

    /** A provider whose generations, interrupted at the gate, fail as unavailable. */
    public GatedProvider() {
        this(false);
    }

    private GatedProvider(boolean deafToInterrupts) {
        this.deafToInterrupts = deafToInterrupts;
    }

    /**
     * A provider whose generations wait at the gate through interrupts and go on as if there had been none, as
     * a call the interrupt does not reach does: a worker that is stopped leaves its job running, neither failed
     * nor completed, until the test opens the gate; then the generation answers, and the job's handler goes on
     * to store and record its result.
     */
    public static GatedProvider deafToInterrupts() {
        return new GatedProvider(true);
    }

    @Override
    public String name() {
        return "gated";
    }

    @Override
    public TryOnInput.Image generate(TryOnInput input) throws TryOnFailure {
        entered.release();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                if (!gate.await(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
                    throw new TryOnFailure(TryOnFailure.Kind.UNAVAILABLE, "the test never opened the gate");
                }
                return offline.generate(input);
            } catch (InterruptedException e) {
                if (!deafToInterrupts) {
                    Thread.currentThread().interrupt();
                    throw new TryOnFailure(TryOnFailure.Kind.UNAVAILABLE, "interrupted");
                }
            }
        }
    }

    /** Waits until a generation has started (and is held at the gate). */
    public void awaitEntered(Duration timeout) throws InterruptedException {
        assertThat(entered.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS)).as("a generation started")
                                                                                   .isTrue();
    }

    /** Lets every held and future generation through. */
    public void open() {
        gate.countDown();
    }
}
