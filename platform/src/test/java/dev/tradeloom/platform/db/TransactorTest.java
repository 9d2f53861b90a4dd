package dev.tradeloom.platform.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.UUID;

import org.jdbi.v3.core.statement.StatementException;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.tradeloom.platform.id.Uuid7;
import dev.tradeloom.platform.testing.TestPostgres;

class TransactorTest {
    private static Database db;

    @BeforeAll
    static void start() {
        db = Database.start(TestPostgres.newDatabase("demo"), "demo");
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    @Test
    void queryWithoutTenantFilter_seesOnlyActingTenantsRows() {
        final UUID a = Uuid7.next();
        final UUID b = Uuid7.next();
        insert(a, "of a");
        insert(b, "of b");

        final var seenByA = db.transactor().inTenant(a, h -> h.createQuery("select body from notes")
                                                              .mapTo(String.class).list());
        final var seenBySystem = db.transactor().inSystem(h -> h.createQuery("select body from notes")
                                                                .mapTo(String.class).list());

        assertThat(seenByA).containsExactly("of a");
        assertThat(seenBySystem).isEmpty();
    }

    @Test
    void insertForAnotherTenant_isRejected() {
        final UUID a = Uuid7.next();
        assertThatThrownBy(() -> db.transactor().inTenant(a, h -> h.createUpdate(
                "insert into notes (id, tenant_id, body) values (:id, :tenant, 'x')")
                .bind("id", Uuid7.next()).bind("tenant", Uuid7.next()).execute()))
                .isInstanceOf(UnableToExecuteStatementException.class)
                .hasMessageContaining("row-level security");
    }

    @Test
    void pooledConnection_doesNotKeepPreviousTenant() {
        final UUID a = Uuid7.next();
        insert(a, "kept?");
        for (int i = 0; i < 20; i++) {
            final long visible = db.transactor().inSystem(h -> h.createQuery("select count(*) from notes")
                                                                .mapTo(Long.class).one());
            assertThat(visible).isZero();
        }
    }

    @Test
    void runtimeRole_isNotTheOwner() {
        final String user = db.jdbi().withHandle(h -> h.createQuery("select current_user")
                                                       .mapTo(String.class).one());
        assertThat(user).isEqualTo("demo_svc");
    }

    @Test
    void aFailedStatement_namesItsConstraint_butNotTheValuesItWasGiven() {
        // Errors are logged: the values of a failed write (a buyer's email, a message) must not reach the log.
        final String personal = "asha.personal@example.com";
        final StatementException failure = catchThrowableOfType(StatementException.class,
                () -> db.jdbi().useHandle(h -> {
                    h.execute("create temp table guests (email text constraint guests_email_short"
                              + " check (length(email) < 5))");
                    h.createUpdate("insert into guests (email) values (:email)").bind("email", personal).execute();
                }));
        assertThat(Constraints.violated(failure)).isEqualTo("guests_email_short");
        for (Throwable t = failure; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain(personal);
            assertThat(t.toString()).doesNotContain(personal);
        }
    }

    private static void insert(UUID tenant, String body) {
        db.transactor().inTenant(tenant, h -> h.createUpdate(
                "insert into notes (id, tenant_id, body) values (:id, :tenant, :body)")
                .bind("id", Uuid7.next()).bind("tenant", tenant).bind("body", body).execute());
    }
}
