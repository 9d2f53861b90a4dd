package dev.tradeloom.tenant.store;

import java.util.List;
import java.util.UUID;

import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** The tenant change feed: each tenant's latest public state, or its tombstone, in change order. */
@RegisterConstructorMapper(TenantChangeDao.Change.class)
public interface TenantChangeDao {

    /** One entry of the feed; profile fields are empty when {@code deleted}. */
    record Change(long seq, UUID tenantId, boolean deleted, String slug, String name, String kind, String city,
                  String defaultLanguage, String defaultCurrency, String status) {}

    @SqlQuery("""
            select seq, tenant_id, deleted, slug, name, kind, city, default_language, default_currency, status
            from tenant_changes(:after, :limit)""")
    List<Change> after(@Bind("after") long afterSeq, @Bind("limit") int limit);
}
