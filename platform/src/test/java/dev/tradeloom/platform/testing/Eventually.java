package dev.tradeloom.platform.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits, with a bound, for something another thread does. */
public final class Eventually {
    private Eventually() {}

    /** Returns once {@code condition} holds; fails after {@code timeout}. */
    public static void await(Duration timeout, String what, BooleanSupplier condition) {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out after " + timeout + " waiting for: " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted while waiting for: " + what, e);
            }
        }
    }
}
