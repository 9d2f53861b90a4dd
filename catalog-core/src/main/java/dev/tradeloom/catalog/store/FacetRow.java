package dev.tradeloom.catalog.store;

import org.jdbi.v3.core.mapper.PropagateNull;
import org.jdbi.v3.core.mapper.reflect.JdbiConstructor;

/**
 * One facet count: {@code facet} is "category" (value: the id; label: its name; a match counts under its
 * category and each one above it; parent: the id of the category above, empty at the top; depth: 1 at the
 * top, 2 below it, …), "city", "attribute" (value: "key=value") or "total" (the number of matches counted);
 * those three have no parent and depth 0. A row whose facet is null is none (see {@link HitOrFacet}).
 */
@PropagateNull("facet")
public record FacetRow(String facet, String value, String label, long count, String parent, int depth) {
    @JdbiConstructor
    public FacetRow {}

    /** A count of a facet whose values make no tree: a city, an attribute value, or the total. */
    public FacetRow(String facet, String value, String label, long count) {
        this(facet, value, label, count, "", 0);
    }
}
