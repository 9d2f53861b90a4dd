package dev.tradeloom.catalog.domain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

import dev.tradeloom.catalog.store.FacetRow;

/**
 * Which category counts a buyer is shown. A match counts under its category and every one above it, so a
 * parent always counts at least as many as each of its subcategories, and a single top-N list holds only
 * parents. Categories compete with those at their own depth instead: the largest at each depth are shown,
 * with the categories above them, so every shown category's parent is shown too and a client can draw the
 * tree, or the level below the category a buyer chose.
 */
final class CategoryFacets {
    /** Top first, then each depth's largest, then by name. */
    static final Comparator<FacetRow> TREE_ORDER = Comparator.comparingInt(FacetRow::depth)
            .thenComparing(Comparator.comparingLong(FacetRow::count).reversed())
            .thenComparing(FacetRow::label).thenComparing(FacetRow::value);

    private CategoryFacets() {}

    /**
     * The {@code perDepth} largest categories of each depth of {@code rows} and every category above them,
     * in {@link #TREE_ORDER}.
     */
    static List<FacetRow> shown(List<FacetRow> rows, int perDepth) {
        final Map<String, FacetRow> byId = new HashMap<>();
        final Map<Integer, List<FacetRow>> byDepth = new TreeMap<>();
        for (FacetRow row : rows) {
            byId.put(row.value(), row);
            byDepth.computeIfAbsent(row.depth(), d -> new ArrayList<>()).add(row);
        }
        final Set<FacetRow> shown = new LinkedHashSet<>();
        for (List<FacetRow> level : byDepth.values()) {
            for (FacetRow largest : level.stream().sorted(TREE_ORDER).limit(perDepth).toList()) {
                // Up to the top, or to a category already shown with those above it. Each one above is among
                // the rows: every match of a category counts under them.
                @Nullable FacetRow at = largest;
                while (at != null && shown.add(at)) {
                    at = byId.get(at.parent());
                }
            }
        }
        return shown.stream().sorted(TREE_ORDER).toList();
    }
}
