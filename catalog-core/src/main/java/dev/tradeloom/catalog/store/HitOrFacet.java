package dev.tradeloom.catalog.store;

import org.jdbi.v3.core.mapper.Nested;
import org.jspecify.annotations.Nullable;

/**
 * A row of {@link ProductSearchSql#RANKED_FEW_WITH_FACETS}: a search hit, or a facet count; the other
 * is null.
 */
public record HitOrFacet(@Nested @Nullable SearchHitRow hit, @Nested @Nullable FacetRow facet) {}
