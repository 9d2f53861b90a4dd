package dev.tradeloom.enquiry.store;

import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

public interface SupplierDao {
    /** Stores {@code supplier} unless a later change of the same tenant is already stored. */
    @SqlUpdate("""
            insert into suppliers (tenant_id, name, is_supplier, active, change_seq)
            values (:s.tenantId, :s.name, :s.isSupplier, :s.active, :s.changeSeq)
            on conflict (tenant_id) do update
                set name = excluded.name, is_supplier = excluded.is_supplier, active = excluded.active,
                    change_seq = excluded.change_seq, updated_at = now()
                where suppliers.change_seq < excluded.change_seq""")
    void upsert(@BindMethods("s") SupplierRow supplier);
}
