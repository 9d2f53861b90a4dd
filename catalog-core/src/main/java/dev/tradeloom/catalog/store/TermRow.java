package dev.tradeloom.catalog.store;

/** A word of searchable products and how many of them held it at the last count. */
public record TermRow(String term, long products) {}
