package dev.tradeloom.catalog.store;

import java.util.List;
import java.util.UUID;

import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.customizer.Define;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * Translations of products, categories, tags and attributes. Each kind has its own table of the
 * same shape, named by {@link Kind}; the table and column names come only from that enum.
 */
public interface TranslationDao {

    /** Which resource's translations, with its table and owner column. */
    enum Kind {
        PRODUCT("product_translations", "product_id"),
        CATEGORY("category_translations", "category_id"),
        TAG("tag_translations", "tag_id"),
        ATTRIBUTE("attribute_translations", "attribute_id");

        private final String table;
        private final String ownerColumn;

        Kind(String table, String ownerColumn) {
            this.table = table;
            this.ownerColumn = ownerColumn;
        }

        public String table() {
            return table;
        }

        public String ownerColumn() {
            return ownerColumn;
        }
    }

    /** The translations of {@code ownerIds}, by owner and language. */
    default List<TranslationRow> list(Kind kind, UUID tenantId, List<UUID> ownerIds) {
        return ownerIds.isEmpty() ? List.of() : list(kind.table(), kind.ownerColumn(), tenantId, ownerIds);
    }

    /** Makes the owner's translations exactly {@code rows}: upserts each, removes the other languages. */
    default void replace(Kind kind, UUID tenantId, UUID ownerId, List<TranslationRow> rows) {
        removeOthers(kind.table(), kind.ownerColumn(), tenantId, ownerId,
                     rows.stream().map(TranslationRow::language).toArray(String[]::new));
        if (!rows.isEmpty()) {
            upsert(kind.table(), kind.ownerColumn(), tenantId, rows);
        }
    }

    @SqlQuery("""
            select <owner> as owner_id, language, name, description from <table>
            where tenant_id = :tenantId and <owner> in (<ownerIds>)
            order by <owner>, language""")
    List<TranslationRow> list(@Define("table") String table, @Define("owner") String ownerColumn,
                              @Bind("tenantId") UUID tenantId, @BindList("ownerIds") List<UUID> ownerIds);

    @SqlUpdate("""
            delete from <table>
            where tenant_id = :tenantId and <owner> = :ownerId and not (language = any(:keep))""")
    void removeOthers(@Define("table") String table, @Define("owner") String ownerColumn,
                      @Bind("tenantId") UUID tenantId, @Bind("ownerId") UUID ownerId, @Bind("keep") String[] keep);

    @SqlBatch("""
            insert into <table> (tenant_id, <owner>, language, name, description)
            values (:tenantId, :t.ownerId, :t.language, :t.name, :t.description)
            on conflict (tenant_id, <owner>, language) do update
                set name = excluded.name, description = excluded.description, updated_at = now()""")
    void upsert(@Define("table") String table, @Define("owner") String ownerColumn, @Bind("tenantId") UUID tenantId,
                @BindMethods("t") List<TranslationRow> rows);
}
