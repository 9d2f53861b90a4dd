package dev.tradeloom.tenant.store;

import java.util.List;
import java.util.UUID;

import org.jdbi.v3.core.mapper.Nested;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jspecify.annotations.Nullable;

import dev.tradeloom.platform.db.OneShotPlan;

/** Public company search over active tenants. */
@RegisterConstructorMapper(CompanySearchDao.Hit.class)
public interface CompanySearchDao {
    /** A tenant and its relevance tier (3 name, 2 category, 1 elsewhere; 0 when browsing). */
    record Hit(@Nested TenantRow tenant, float rank) {}

    @SqlQuery(CompanySearchSql.RANKED)
    @OneShotPlan
    List<Hit> ranked(@Bind("query") String query, @Bind("kind") String kind, @Bind("city") String city,
                     @Bind("category") String category, @Bind("afterTier") @Nullable Integer afterTier,
                     @Bind("afterId") @Nullable UUID afterId, @Bind("limit") int limit);

    @SqlQuery(CompanySearchSql.BROWSE)
    @OneShotPlan
    List<Hit> browse(@Bind("kind") String kind, @Bind("city") String city, @Bind("category") String category,
                     @Bind("afterName") @Nullable String afterName, @Bind("afterId") @Nullable UUID afterId,
                     @Bind("limit") int limit);
}
