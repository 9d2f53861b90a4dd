package dev.tradeloom.catalog.store;

import org.jdbi.v3.core.mapper.PropagateNull;
import org.jdbi.v3.core.mapper.reflect.JdbiConstructor;

/**
 * One facet count: {@code facet} is "category" (value: the id; label: its name, as its supplier wrote it;
 * a match counts under its category and each one above it; parent: the id of the category above, empty at
 * the top; depth: 1 at the top, 2 below it, …; language: the label's, the supplier's default), "city",
 * "attribute" (value: "key=value") or "total" (the number of matches counted); those three have no parent,
 * depth 0 and no language. A row whose facet is null is none (see {@link HitOrFacet}).
 */
@PropagateNull("facet")
public record FacetRow(String facet, String value, String label, long count, String parent, int depth,
                       String language) {
    @JdbiConstructor
    public FacetRow {}

    /** A count of a facet whose values make no tree: a city, an attribute value, or the total. */
    public FacetRow(String facet, String value, String label, long count) {
        this(facet, value, label, count, "", 0, "");
    }

    /** This count under another label, in {@code newLanguage}. */
    public FacetRow withLabel(String newLabel, String newLanguage) {
        return new FacetRow(facet, value, newLabel, count, parent, depth, newLanguage);
    }
}
