package dev.tradeloom.enquiry.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.tradeloom.enquiry.EnquiryCoreConfig;
import dev.tradeloom.platform.db.Database;
import dev.tradeloom.platform.db.RoundTrip;
import dev.tradeloom.platform.db.Scope;
import dev.tradeloom.platform.id.Uuid7;
import dev.tradeloom.platform.testing.TestPostgres;

/**
 * Queries that forget the tenant filter, run as the service role, still see only the acting
 * tenant; a buyer acting as a user reads the enquiries they sent and nothing else.
 */
class EnquiryRowLevelSecurityTest {
    private static final List<String> TENANT_TABLES = List.of("enquiries", "enquiry_notes", "notification_settings",
                                                              "crm_connections", "suppliers");

    private static Database db;
    private static final UUID tenantA = Uuid7.next();
    private static final UUID tenantB = Uuid7.next();
    private static final UUID buyerX = Uuid7.next();
    private static final UUID buyerY = Uuid7.next();
    private static UUID enquiryAx;
    private static UUID enquiryBx;

    @BeforeAll
    static void start() {
        db = Database.start(TestPostgres.newDatabase(EnquiryCoreConfig.SCHEMA), EnquiryCoreConfig.SCHEMA);
        enquiryAx = seed(tenantA, buyerX);
        seed(tenantA, buyerY);
        enquiryBx = seed(tenantB, buyerX);
        seed(tenantB, null);
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    @Test
    void runtimeRole_isSubjectToRowLevelSecurity() {
        final String role = db.jdbi().withHandle(h -> h.createQuery(
                "select rolname || ':' || rolbypassrls || ':' || rolsuper from pg_roles where rolname = current_user")
                .mapTo(String.class).one());
        assertThat(role).isEqualTo("enquiry_svc:false:false");
        final List<String> forced = db.jdbi().withHandle(h -> h.createQuery("""
                select relname from pg_class
                 where relnamespace = 'enquiry'::regnamespace and relkind = 'r'
                   and relrowsecurity and relforcerowsecurity order by relname""").mapTo(String.class).list());
        assertThat(forced).containsExactly("crm_connections", "enquiries", "enquiry_notes", "guest_enquiry_counts",
                                           "notification_settings", "suppliers", "sync_cursors");
    }

    @Test
    void unfilteredQueries_actingForA_returnNothingOfB() {
        for (String table : TENANT_TABLES) {
            final List<UUID> tenants = db.transactor().inTenant(tenantA, h -> h.createQuery(
                    "select distinct tenant_id from " + table).mapTo(UUID.class).list());
            assertThat(tenants).as(table).containsExactly(tenantA);
        }
    }

    @Test
    void unfilteredQueries_withNoTenantOrUser_returnNothing() {
        for (String table : TENANT_TABLES) {
            final long rows = db.transactor().inSystem(h -> h.createQuery("select count(*) from " + table)
                                                           .mapTo(Long.class).one());
            assertThat(rows).as(table).isZero();
        }
    }

    @Test
    void buyer_readsOwnEnquiriesOfEveryTenant_butNoNotesOrSettings() {
        final List<UUID> seen = db.transactor().inTransaction(Scope.user(buyerX), h -> h.createQuery(
                "select id from enquiries order by id").mapTo(UUID.class).list());
        assertThat(seen).containsExactly(enquiryAx, enquiryBx);
        for (String table : List.of("enquiry_notes", "notification_settings", "crm_connections", "suppliers")) {
            final long rows = db.transactor().inTransaction(Scope.user(buyerX), h -> h.createQuery(
                    "select count(*) from " + table).mapTo(Long.class).one());
            assertThat(rows).as(table).isZero();
        }
        final int changed = db.transactor().inTransaction(Scope.user(buyerX), h -> h.createUpdate(
                "update enquiries set status = 'won'").execute());
        assertThat(changed).isZero();
    }

    @Test
    void writesIntoAnotherTenant_areRejected() {
        assertThatThrownBy(() -> db.transactor().inTenant(tenantA, h -> {
            insert(h, row(tenantB, Uuid7.next(), null));
            return null;
        })).isInstanceOf(UnableToExecuteStatementException.class).hasMessageContaining("row-level security");
        assertThatThrownBy(() -> db.transactor().inTenant(tenantA, h -> {
            h.attach(NoteDao.class).insert(new NoteRow(tenantB, Uuid7.next(), enquiryBx, buyerX, "x", Instant.now()));
            return null;
        })).isInstanceOf(UnableToExecuteStatementException.class).hasMessageContaining("row-level security");
        final int updated = db.transactor().inTenant(tenantA, h -> h.createUpdate(
                "update enquiries set status = 'spam' where tenant_id = :tenant").bind("tenant", tenantB).execute());
        assertThat(updated).isZero();
    }

    @Test
    void daos_seeOnlyTheActingTenantsRows() {
        final Optional<EnquiryRow> fromA = db.transactor().inTenant(
                tenantA, h -> h.attach(EnquiryDao.class).find(tenantB, enquiryBx));
        final Optional<EnquiryRow> fromB = db.transactor().inTenant(
                tenantB, h -> h.attach(EnquiryDao.class).find(tenantB, enquiryBx));
        final Optional<SettingsRow> settings = db.transactor().inTenant(
                tenantA, h -> h.attach(SettingsDao.class).find(tenantB));
        final List<NoteRow> notes = db.transactor().inTenant(
                tenantA, h -> h.attach(NoteDao.class).list(tenantB, enquiryBx, null, 10));
        assertThat(fromA).isEmpty();
        assertThat(fromB).isPresent();
        assertThat(settings).isEmpty();
        assertThat(notes).isEmpty();
    }

    /** An enquiry of {@code tenant} from {@code buyer} (null: a guest) with a note, the tenant's settings and CRM. */
    private static UUID seed(UUID tenant, UUID buyer) {
        final UUID id = Uuid7.next();
        db.transactor().inTenant(tenant, h -> {
            insert(h, row(tenant, id, buyer));
            h.attach(NoteDao.class).insert(new NoteRow(tenant, Uuid7.next(), id, Uuid7.next(), "internal",
                                                       Instant.now()));
            h.attach(SettingsDao.class).insert(tenant, new String[] { "sales@example.com" }, "en");
            h.attach(SupplierDao.class).upsert(new SupplierRow(tenant, "Supplier", true, true, 1));
            h.attach(CrmConnectionDao.class).upsert(tenant, "Ext_Id", new byte[] { 1, 2, 3 });
            return null;
        });
        return id;
    }

    private static EnquiryRow row(UUID tenant, UUID id, UUID buyer) {
        final Instant now = Instant.now();
        return new EnquiryRow(tenant, id, null, buyer, "Supplier", null, "", 0, "", "hello", "", "", "", "", "new",
                              null, null, 1, now, now);
    }

    private static void insert(Handle h, EnquiryRow row) {
        final RoundTrip trip = RoundTrip.on(h);
        EnquiryIntake.insert(trip, row);
        trip.send();
    }
}
