package dev.tradeloom.catalog.store;

/**
 * One facet count: {@code facet} is "category" (value: the id, or empty; label: its name), "city",
 * "attribute" (value: "key=value") or "total" (the number of matches counted).
 */
public record FacetRow(String facet, String value, String label, long count) {}
