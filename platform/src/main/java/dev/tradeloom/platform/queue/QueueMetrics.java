package dev.tradeloom.platform.queue;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** {@code tradeloom.jobs.handled} by queue and outcome, and {@code tradeloom.jobs.queued} depth. */
final class QueueMetrics {
    private final MeterRegistry registry;

    QueueMetrics(MeterRegistry registry, JobQueue queue) {
        this.registry = registry;
        Gauge.builder("tradeloom.jobs.ready", queue, JobQueue::readyCount)
             .description("Jobs waiting to run in this schema").strongReference(true).register(registry);
        Gauge.builder("tradeloom.jobs.dead", queue, JobQueue::deadCount)
             .description("Jobs that gave up, awaiting an operator").strongReference(true).register(registry);
    }

    void record(String queue, String outcome, long nanos) {
        Timer.builder("tradeloom.jobs.handled").tag("queue", queue).tag("outcome", outcome)
             .register(registry).record(nanos, TimeUnit.NANOSECONDS);
    }
}
