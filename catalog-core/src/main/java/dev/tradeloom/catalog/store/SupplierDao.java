package dev.tradeloom.catalog.store;

import java.util.Optional;
import java.util.UUID;

import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The supplier read-model and the position of the feed that keeps it. */
public interface SupplierDao {
    /** Stores {@code supplier} unless a later change of the same tenant is already stored. */
    @SqlUpdate("""
            insert into suppliers (tenant_id, slug, name, city, default_language, active, change_seq)
            values (:s.tenantId, :s.slug, :s.name, :s.city, :s.defaultLanguage, :s.active, :s.changeSeq)
            on conflict (tenant_id) do update
                set slug = excluded.slug, name = excluded.name, city = excluded.city,
                    default_language = excluded.default_language, active = excluded.active,
                    change_seq = excluded.change_seq, updated_at = now()
                where suppliers.change_seq < excluded.change_seq""")
    void upsert(@BindMethods("s") SupplierRow supplier);

    @SqlQuery("""
            select tenant_id, slug, name, city, default_language, active, change_seq
            from suppliers where tenant_id = :tenantId""")
    Optional<SupplierRow> find(@Bind("tenantId") UUID tenantId);
}
