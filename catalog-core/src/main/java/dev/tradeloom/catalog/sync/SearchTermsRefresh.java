package dev.tradeloom.catalog.sync;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

import dev.tradeloom.catalog.domain.ProductSearch;
import dev.tradeloom.platform.task.Periodic;

/**
 * Recounts the words that product suggestions offer, at start and then periodically: counting them on
 * every product write would make every seller who sells silk wait on one counter row.
 */
public final class SearchTermsRefresh implements AutoCloseable {
    private final ProductSearch search;
    private final Periodic timer = new Periodic("search-terms-refresh");

    private SearchTermsRefresh(ProductSearch search) {
        this.search = requireNonNull(search, "search");
    }

    /** Recounts now and then every {@code every}. */
    public static SearchTermsRefresh start(ProductSearch search, Duration every) {
        final SearchTermsRefresh refresh = new SearchTermsRefresh(search);
        refresh.timer.runEvery(Duration.ZERO, every, refresh::refresh);
        return refresh;
    }

    /** Recounts now, on the caller's thread. */
    public void refresh() {
        search.refreshTerms();
    }

    @Override
    public void close() {
        timer.close();
    }
}
