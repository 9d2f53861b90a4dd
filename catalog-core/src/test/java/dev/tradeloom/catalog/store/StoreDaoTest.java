package dev.tradeloom.catalog.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.tradeloom.catalog.CatalogCoreConfig;
import dev.tradeloom.catalog.domain.Suppliers;
import dev.tradeloom.platform.db.Database;
import dev.tradeloom.platform.id.Uuid7;
import dev.tradeloom.platform.testing.TestPostgres;

/** The supplier read-model, the feed position and translations, against PostgreSQL with the migrations. */
class StoreDaoTest {
    private static Database db;

    @BeforeAll
    static void start() {
        db = Database.start(TestPostgres.newDatabase(CatalogCoreConfig.SCHEMA), CatalogCoreConfig.SCHEMA);
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    @Test
    void supplierUpsert_keepsTheLatestChange_evenWhenAnOlderOneArrivesLate() {
        final UUID tenant = Uuid7.next();
        final Suppliers suppliers = new Suppliers(db.transactor());
        suppliers.apply(List.of(supplier(tenant, "Asha Silks", 10)), 10);
        suppliers.apply(List.of(supplier(tenant, "Old name", 7)), 11);
        final SupplierRow stored = db.transactor().inTenant(tenant, h -> h.attach(SupplierDao.class).find(tenant))
                                     .orElseThrow();
        assertThat(stored.name()).isEqualTo("Asha Silks");
        assertThat(stored.changeSeq()).isEqualTo(10);
        assertThat(suppliers.position()).isEqualTo(11);

        suppliers.apply(List.of(new SupplierRow(tenant, "", "", "", "en", false, 12)), 12);
        final Optional<SupplierRow> publicView = db.transactor().inSystem(
                h -> h.attach(SupplierDao.class).find(tenant));
        assertThat(publicView).isEmpty();
        assertThat(db.transactor().inTenant(tenant, h -> h.attach(SupplierDao.class).find(tenant)).orElseThrow()
                     .active()).isFalse();
    }

    @Test
    void translations_replace_upsertsSentLanguages_andRemovesTheOthers() {
        final UUID tenant = Uuid7.next();
        final UUID tag = Uuid7.next();
        final List<TranslationRow> after = db.transactor().inTenant(tenant, h -> {
            h.createUpdate("insert into tags (tenant_id, id, name) values (:t, :id, 'Bridal')")
             .bind("t", tenant).bind("id", tag).execute();
            final TranslationDao dao = h.attach(TranslationDao.class);
            dao.replace(TranslationDao.Kind.TAG, tenant, tag, List.of(row(tag, "hi", "Dulhan"), row(tag, "ta", "x")));
            dao.replace(TranslationDao.Kind.TAG, tenant, tag, List.of(row(tag, "hi", "Vivah"), row(tag, "mr", "y")));
            return dao.list(TranslationDao.Kind.TAG, tenant, List.of(tag));
        });
        assertThat(after).containsExactly(row(tag, "hi", "Vivah"), row(tag, "mr", "y"));
    }

    private static TranslationRow row(UUID owner, String language, String name) {
        return new TranslationRow(owner, language, name, "");
    }

    private static SupplierRow supplier(UUID tenant, String name, long seq) {
        return new SupplierRow(tenant, "asha", name, "Varanasi", "hi", true, seq);
    }
}
