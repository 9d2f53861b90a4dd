package dev.tradeloom.tryon.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import dev.tradeloom.tryon.store.TryOnJobRow;

/** A watch sends a job's states in the order the job goes through them, whatever order its reads finish in. */
class JobWatchTest {
    @Test
    void progress_growsWithEveryChangeAJobGoesThrough() {
        final List<TryOnJobRow> lifetime = List.of(
                row("queued", 0, null),             // submitted
                row("running", 1, null),            // attempt 1 claimed
                row("queued", 1, null),             // attempt 1 failed, waiting to retry
                row("running", 2, null),            // attempt 2 claimed
                row("running", 2, "result.png"),    // its result recorded
                row("done", 2, "result.png"));      // succeeded
        for (int i = 1; i < lifetime.size(); i++) {
            assertThat(JobWatch.progress(lifetime.get(i))).as("step %d", i)
                                                           .isGreaterThan(JobWatch.progress(lifetime.get(i - 1)));
        }
        // Cancelled or failed for good, at any point: ended, after every earlier state.
        assertThat(JobWatch.progress(row("cancelled", 0, null))).isGreaterThan(JobWatch.progress(row("queued", 0,
                                                                                                     null)));
        assertThat(JobWatch.progress(row("dead", 2, null))).isGreaterThan(JobWatch.progress(row("running", 2,
                                                                                                null)));
    }

    private static TryOnJobRow row(String queueState, int attempts, @Nullable String resultKey) {
        final Instant now = Instant.now();
        return new TryOnJobRow(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), null, "person.png",
                               "garment.png", resultKey, queueState, attempts, null, now, now);
    }
}
