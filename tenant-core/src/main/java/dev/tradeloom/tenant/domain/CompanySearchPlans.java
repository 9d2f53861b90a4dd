package dev.tradeloom.tenant.domain;

import java.time.Duration;
import java.util.function.LongSupplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;

import dev.tradeloom.tenant.store.CompanySearchSql;

/**
 * Which of the two ranked statements serves a search ({@link CompanySearchSql#fewMatches}), remembered per
 * search for a while. The choice comes from the planner's row estimate, which it reads from the statistics
 * {@code ANALYZE} keeps rather than from the rows, and both statements give the same answer: a remembered
 * choice can cost speed, never a result, and a repeated search skips a round trip that plans a statement.
 */
final class CompanySearchPlans {
    /** About as often as autovacuum's analyze can change the statistics of a busy projection. */
    static final Duration KEPT_FOR = Duration.ofMinutes(1);
    /** Searches remembered: the common ones repeat, the rare ones are cheap to estimate again. */
    private static final int KEPT = 10_000;

    private record Search(String query, String kind, String city, String category) {}

    private final Cache<Search, Boolean> fewMatches;

    CompanySearchPlans() {
        this(Ticker.systemTicker());
    }

    CompanySearchPlans(Ticker ticker) {
        fewMatches = Caffeine.newBuilder().expireAfterWrite(KEPT_FOR).maximumSize(KEPT).ticker(ticker).build();
    }

    /**
     * Whether the search is served by ranking every match; {@code estimate} gives the planner's estimate of the
     * matches when the search is not remembered.
     */
    boolean fewMatches(String query, String kind, String city, String category, LongSupplier estimate) {
        return fewMatches.get(new Search(query, kind, city, category),
                              search -> CompanySearchSql.fewMatches(estimate.getAsLong()));
    }
}
