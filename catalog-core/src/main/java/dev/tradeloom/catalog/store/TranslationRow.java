package dev.tradeloom.catalog.store;

import java.util.UUID;

/** The name and description of one resource ({@code ownerId}) in one language. */
public record TranslationRow(UUID ownerId, String language, String name, String description) {}
