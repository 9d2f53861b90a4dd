package dev.tradeloom.tenant.store;

import java.util.List;
import java.util.UUID;

import org.jdbi.v3.core.mapper.Nested;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jspecify.annotations.Nullable;

/** Public company search over active tenants. */
@RegisterConstructorMapper(CompanySearchDao.Hit.class)
public interface CompanySearchDao {
    /** A tenant and its relevance (0 when browsing without a query). */
    record Hit(@Nested TenantRow tenant, float rank) {}

    @SqlQuery(CompanySearchSql.RANKED)
    List<Hit> ranked(@Bind("query") String query, @Bind("kind") String kind, @Bind("city") String city,
                     @Bind("category") String category, @Bind("afterRank") @Nullable Float afterRank,
                     @Bind("afterId") @Nullable UUID afterId, @Bind("limit") int limit);

    @SqlQuery(CompanySearchSql.BROWSE)
    List<Hit> browse(@Bind("kind") String kind, @Bind("city") String city, @Bind("category") String category,
                     @Bind("afterName") @Nullable String afterName, @Bind("afterId") @Nullable UUID afterId,
                     @Bind("limit") int limit);
}
