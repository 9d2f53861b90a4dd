package dev.tradeloom.tryon.domain;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;

import dev.tradeloom.tryon.provider.TryOnFailure;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Try-on metrics beside the queue's own ({@code tradeloom.jobs.ready}, {@code tradeloom.jobs.handled}):
 * {@code tradeloom.tryon.jobs.latency} by state: from submission to the first claim ({@code queued}) and to the
 * final state ({@code succeeded}, {@code failed}), and
 * {@code tradeloom.tryon.provider.errors} by provider and kind.
 */
public final class TryOnMetrics {
    private final MeterRegistry registry;

    public TryOnMetrics(MeterRegistry registry) {
        this.registry = requireNonNull(registry, "registry");
    }

    /** A job's first claim: how long it waited in the queue ({@code state=queued}). */
    void started(Instant submittedAt) {
        finished(JobState.QUEUED, submittedAt);
    }

    void finished(JobState state, Instant submittedAt) {
        Timer.builder("tradeloom.tryon.jobs.latency").description("Time from submission to a state")
             .tag("state", state.label()).publishPercentileHistogram().register(registry)
             .record(Duration.between(submittedAt, Instant.now()));
    }

    void providerError(String provider, TryOnFailure.Kind kind) {
        Counter.builder("tradeloom.tryon.provider.errors").description("Failed image generations")
               .tag("provider", provider).tag("kind", kind.name().toLowerCase(java.util.Locale.ROOT))
               .register(registry).increment();
    }
}
