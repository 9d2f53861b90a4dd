package dev.tradeloom.tenant.store;

import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jdbi.v3.core.mapper.Nested;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jspecify.annotations.Nullable;

import dev.tradeloom.platform.db.OneShotPlan;

/** Public company search over active tenants. */
public interface CompanySearchDao {
    /** A tenant and its relevance tier (3 name, 2 category, 1 elsewhere; 0 when browsing). */
    record Hit(@Nested TenantRow tenant, float rank) {}

    /** {@code rows=N} in the top line of a plan. */
    Pattern ESTIMATED_ROWS = Pattern.compile("rows=(\\d+)");

    /** The planner's estimate of how many active tenants match; parameters as {@link #rankedFew}. */
    default long estimateMatches(String query, String kind, String city, String category) {
        final String topLine = plan(query, kind, city, category).get(0);
        final Matcher rows = ESTIMATED_ROWS.matcher(topLine);
        if (!rows.find()) {
            throw new IllegalStateException("No row estimate in the plan line: " + topLine);
        }
        return Long.parseLong(rows.group(1));
    }

    /** The planner's output for a count of the matches, one line per row. */
    @SqlQuery(CompanySearchSql.ESTIMATE)
    @OneShotPlan
    List<String> plan(@Bind("query") String query, @Bind("kind") String kind, @Bind("city") String city,
                      @Bind("category") String category);

    /** Ranks every match; for searches with few matches. */
    @SqlQuery(CompanySearchSql.RANKED_FEW)
    @OneShotPlan
    List<Hit> rankedFew(@Bind("query") String query, @Bind("kind") String kind, @Bind("city") String city,
                        @Bind("category") String category, @Bind("afterTier") @Nullable Integer afterTier,
                        @Bind("afterId") @Nullable UUID afterId, @Bind("limit") int limit);

    /** Walks each relevance tier newest first and stops after a page; for searches with many matches. */
    @SqlQuery(CompanySearchSql.RANKED_MANY)
    @OneShotPlan
    List<Hit> rankedMany(@Bind("query") String query, @Bind("kind") String kind, @Bind("city") String city,
                         @Bind("category") String category, @Bind("afterTier") @Nullable Integer afterTier,
                         @Bind("afterId") @Nullable UUID afterId, @Bind("limit") int limit);

    @SqlQuery(CompanySearchSql.BROWSE)
    @OneShotPlan
    List<Hit> browse(@Bind("kind") String kind, @Bind("city") String city, @Bind("category") String category,
                     @Bind("afterName") @Nullable String afterName, @Bind("afterId") @Nullable UUID afterId,
                     @Bind("limit") int limit);
}
