package dev.tradeloom.platform.api;

import java.util.List;
import java.util.function.Function;

/** One page of a list and the token of the next page (empty on the last page). */
public record Page<T>(List<T> items, String nextPageToken) {
    public Page {
        items = List.copyOf(items);
    }

    /**
     * The page from {@code rows} fetched with a limit of {@code size + 1}: the extra row only says
     * another page exists, whose token {@code tokenOf} derives from the page's last row.
     */
    public static <T> Page<T> of(List<T> rows, int size, Function<T, String> tokenOf) {
        if (rows.size() <= size) {
            return new Page<>(rows, "");
        }
        final List<T> page = rows.subList(0, size);
        return new Page<>(page, tokenOf.apply(page.get(size - 1)));
    }
}
