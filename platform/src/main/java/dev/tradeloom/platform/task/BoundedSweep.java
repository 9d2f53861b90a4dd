package dev.tradeloom.platform.task;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.function.IntFunction;
import java.util.function.Predicate;

/**
 * A sweep bounded per run: it finds its rows a batch at a time and deals with each, until a batch comes back
 * short or the run has had its batches; the rest waits for the next run.
 */
public final class BoundedSweep {
    private BoundedSweep() {}

    /**
     * Up to {@code batches} batches of at most {@code batchSize} rows from {@code nextBatch}, each row given to
     * {@code deal}; returns how many rows {@code deal} said it dealt with.
     */
    public static <T> int run(int batchSize, int batches, IntFunction<List<T>> nextBatch, Predicate<T> deal) {
        requireNonNull(nextBatch, "nextBatch");
        requireNonNull(deal, "deal");
        int dealt = 0;
        for (int batch = 0; batch < batches; batch++) {
            final List<T> rows = nextBatch.apply(batchSize);
            for (T row : rows) {
                if (deal.test(row)) {
                    dealt++;
                }
            }
            if (rows.size() < batchSize) {
                break;
            }
        }
        return dealt;
    }
}
