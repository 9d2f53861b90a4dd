package dev.tradeloom.catalog.sync;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tradeloom.catalog.domain.ProductSearch;

/**
 * Recounts the words that product suggestions offer, at start and then periodically: counting them on
 * every product write would make every seller who sells silk wait on one counter row.
 */
public final class SearchTermsRefresh implements AutoCloseable {
    private static final Logger logger = LoggerFactory.getLogger(SearchTermsRefresh.class);

    private final ProductSearch search;
    private final ScheduledExecutorService timer;

    private SearchTermsRefresh(ProductSearch search) {
        this.search = requireNonNull(search, "search");
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            final Thread thread = new Thread(r, "search-terms-refresh");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Recounts now and then every {@code every}. */
    public static SearchTermsRefresh start(ProductSearch search, Duration every) {
        requireNonNull(every, "every");
        final SearchTermsRefresh refresh = new SearchTermsRefresh(search);
        refresh.timer.scheduleWithFixedDelay(refresh::refreshQuietly, 0, every.toMillis(),
                                             TimeUnit.MILLISECONDS);
        return refresh;
    }

    /** Recounts now, on the caller's thread. */
    public void refresh() {
        search.refreshTerms();
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (RuntimeException e) {
            // The database may be briefly away; the next tick recounts.
            logger.warn("Recounting search terms failed, retrying at the next tick: {}", e.toString());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
