package dev.tradeloom.catalog.store;

import org.jdbi.v3.core.mapper.PropagateNull;

/**
 * One facet count: {@code facet} is "category" (value: the id; label: its name; a match counts under its
 * category and each one above it), "city", "attribute" (value: "key=value") or "total" (the number of
 * matches counted). A row whose facet is null is none (see {@link HitOrFacet}).
 */
@PropagateNull("facet")
public record FacetRow(String facet, String value, String label, long count) {}
