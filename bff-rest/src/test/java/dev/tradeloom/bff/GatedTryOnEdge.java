package dev.tradeloom.bff;

import java.time.Duration;

import dev.tradeloom.tryon.GatedProvider;
import dev.tradeloom.tryon.TryOnWorkerTesting;
import dev.tradeloom.tryon.v1.TryOnJob;
import dev.tradeloom.tryon.v1.TryOnServiceGrpc.TryOnServiceBlockingStub;

/**
 * A tryon-worker whose image service holds each generation at a gate, behind an edge: for edge tests that
 * follow a job while it runs. Each test class needs its own, since the gate opens once.
 */
final class GatedTryOnEdge implements AutoCloseable {
    final GatedProvider provider = new GatedProvider();
    final TryOnWorkerTesting tryOn;
    final EdgeTesting edge;
    private boolean tryOnStopped;

    /** With the edge's default request timeout. */
    GatedTryOnEdge() {
        tryOn = newTryOn();
        edge = EdgeTesting.withTryOn(tryOn.tenantCore, tryOn.uri());
    }

    GatedTryOnEdge(Duration requestTimeout) {
        tryOn = newTryOn();
        edge = EdgeTesting.withTryOn(tryOn.tenantCore, tryOn.uri(), requestTimeout);
    }

    private TryOnWorkerTesting newTryOn() {
        return new TryOnWorkerTesting(provider, TryOnWorkerTesting.SETTINGS, TryOnWorkerTesting.FAST_JOBS);
    }

    /**
     * A job of {@code buyer}'s, submitted to the try-on service itself (through the edge, a submit slower than a
     * short request timeout would fail the test), once its generation is held at the gate.
     */
    TryOnJob running(String buyer, Duration wait) throws InterruptedException {
        final TryOnJob job = tryOn.client(TryOnServiceBlockingStub.class, buyer)
                                  .submitTryOnJob(tryOn.submitRequest(buyer));
        provider.awaitEntered(wait);
        return job;
    }

    /** Stops the tryon-worker while the edge stays, as when its process goes away. */
    void stopTryOn() {
        tryOnStopped = true;
        tryOn.close();
    }

    @Override
    public void close() {
        provider.open();
        edge.close();
        if (!tryOnStopped) {
            tryOn.close();
        }
    }
}
