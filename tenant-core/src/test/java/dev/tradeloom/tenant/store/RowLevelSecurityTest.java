package dev.tradeloom.tenant.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.tradeloom.platform.db.Database;
import dev.tradeloom.platform.db.Scope;
import dev.tradeloom.platform.id.Uuid7;
import dev.tradeloom.platform.testing.TestPostgres;
import dev.tradeloom.tenant.TenantCoreConfig;

/** Queries that forget the tenant filter, run as the service role, still see only the acting tenant. */
class RowLevelSecurityTest {
    private static Database db;
    private static UUID tenantA;
    private static UUID tenantB;

    @BeforeAll
    static void start() {
        db = Database.start(TestPostgres.newDatabase(TenantCoreConfig.SCHEMA), TenantCoreConfig.SCHEMA);
        tenantA = seed("a");
        tenantB = seed("b");
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
        assertThat(role).isEqualTo("tenant_svc:false:false");
    }

    @Test
    void unfilteredQueries_actingForA_returnNothingOfB() {
        for (String table : List.of("contacts", "memberships", "invitations")) {
            final List<UUID> tenants = db.transactor().inTenant(tenantA, h -> h.createQuery(
                    "select distinct tenant_id from " + table).mapTo(UUID.class).list());
            assertThat(tenants).as(table).containsExactly(tenantA);
        }
        final List<UUID> hidden = db.transactor().inTenant(tenantA, h -> h.createQuery(
                "select id from tenants where status = 'suspended'").mapTo(UUID.class).list());
        assertThat(hidden).containsExactly(tenantA);
    }

    @Test
    void unfilteredQueries_withNoTenant_returnNoTenantRows() {
        for (String table : List.of("contacts", "memberships", "invitations")) {
            final long rows = db.transactor().inSystem(h -> h.createQuery("select count(*) from " + table)
                                                           .mapTo(Long.class).one());
            assertThat(rows).as(table).isZero();
        }
    }

    @Test
    void writesIntoAnotherTenant_areRejected() {
        assertThatThrownBy(() -> db.transactor().inTenant(tenantA, h -> h.createUpdate(
                "insert into contacts (id, tenant_id, name) values (:id, :tenant, 'intruder')")
                .bind("id", Uuid7.next()).bind("tenant", tenantB).execute()))
                .isInstanceOf(UnableToExecuteStatementException.class)
                .hasMessageContaining("row-level security");
        final int updated = db.transactor().inTenant(tenantA, h -> h.createUpdate(
                "update contacts set name = 'renamed' where tenant_id = :tenant").bind("tenant", tenantB).execute());
        assertThat(updated).isZero();
    }

    /** A suspended tenant (invisible to the public) with a member, an invitation and a contact. */
    private static UUID seed(String name) {
        final UUID tenant = Uuid7.next();
        final UUID user = Uuid7.next();
        db.transactor().inTransaction(new Scope(tenant, user), h -> {
            h.attach(UserDao.class).insert(user, name + '-' + user + "@example.com", name, "en", "x");
            h.createUpdate("""
                    insert into tenants (id, slug, kind, name, created_by, status)
                    values (:id, :slug, 'supplier', :name, :user, 'suspended')""")
             .bind("id", tenant).bind("slug", "rls-" + tenant).bind("name", name).bind("user", user).execute();
            h.attach(MembershipDao.class).insert(tenant, user, "owner");
            h.attach(InvitationDao.class).insert(Uuid7.next(), tenant, "x@example.com", "viewer",
                                                 UUID.randomUUID().toString().getBytes(), user,
                                                 Instant.now().plusSeconds(3600));
            h.attach(ContactDao.class).insert(new ContactRow(Uuid7.next(), tenant, "Contact " + name, "", "", "",
                                                             "", 1, Instant.now(), Instant.now()));
            return null;
        });
        return tenant;
    }
}
