package dev.tradeloom.platform.db;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.function.Predicate;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;

/**
 * Choices between statements that give the same answer at different costs, made from the planner's row
 * estimate of each search and remembered per search for {@link #KEPT_FOR}. The planner estimates from the
 * statistics {@code ANALYZE} keeps, not from the rows, so a remembered choice can cost speed, never a
 * result, and a repeated search skips the round trip that plans its estimate.
 *
 * @param <K> what tells searches apart: every input of the estimate
 */
public final class PlanChoices<K> {
    /** About as often as autovacuum's analyze can change the statistics of a busy table. */
    public static final Duration KEPT_FOR = Duration.ofMinutes(1);

    private final Cache<K, Boolean> choices;

    /** Remembers up to {@code kept} searches: the common ones repeat, the rare ones are cheap to estimate. */
    public PlanChoices(int kept) {
        this(kept, Ticker.systemTicker());
    }

    /** With another clock, for tests. */
    public PlanChoices(int kept, Ticker ticker) {
        choices = Caffeine.newBuilder().expireAfterWrite(KEPT_FOR).maximumSize(kept)
                          .ticker(requireNonNull(ticker, "ticker")).build();
    }

    /** The choice remembered for {@code search}, else {@code choose}'s, which estimates, remembered now. */
    public boolean of(K search, Predicate<K> choose) {
        return choices.get(search, choose::test);
    }
}
