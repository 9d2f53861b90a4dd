package dev.tradeloom.platform.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;

import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.tradeloom.platform.id.Uuid7;
import dev.tradeloom.platform.testing.TestPostgres;

class RoundTripTest {
    private static final String INSERT = "insert into notes (id, tenant_id, body) values (:id, :tenant, :body) "
                                         + "returning body";

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
    void queries_runInOrder_eachWithItsOwnRows_andSeeWhatEarlierOnesWrote() {
        final UUID tenant = Uuid7.next();
        final String[] seen = db.transactor().inTransaction(Scope.tenant(tenant), (h, first) -> {
            final RoundTrip.Part<String> inserted = first.query(
                    INSERT, q -> q.bind("id", Uuid7.next()).bind("tenant", tenant).bind("body", "first"),
                    String.class);
            final RoundTrip.Part<Long> counted = first.query(
                    "select count(*) from notes where tenant_id = :counted", q -> q.bind("counted", tenant),
                    Long.class);
            final RoundTrip.Part<String> none = first.query(
                    "select body from notes where body = :missing", q -> q.bind("missing", "nothing"), String.class);
            first.send();
            return new String[] { inserted.one(), String.valueOf(counted.one()),
                                  String.valueOf(none.findOne().isPresent()) };
        });
        assertThat(seen).containsExactly("first", "1", "false");
    }

    @Test
    void firstRoundTrip_actsForTheScope_andNothingBeforeItDoes() {
        final UUID a = Uuid7.next();
        final UUID b = Uuid7.next();
        insert(a, "of a");
        insert(b, "of b");

        final long beforeSent = db.transactor().inTransaction(Scope.tenant(a), (h, first) -> {
            final long count = h.createQuery("select count(*) from notes").mapTo(Long.class).one();
            first.query("select 1", q -> { }, Integer.class);
            first.send();
            return count;
        });
        final var seenByA = db.transactor().inTransaction(Scope.tenant(a), (h, first) -> {
            final RoundTrip.Part<String> bodies = first.query("select body from notes", q -> { }, String.class);
            first.send();
            return bodies.rows();
        });

        assertThat(beforeSent).isZero();
        assertThat(seenByA).containsExactly("of a");
    }

    @Test
    void aFailingQuery_rollsBackTheWholeTransaction() {
        final UUID tenant = Uuid7.next();
        final UUID id = Uuid7.next();
        assertThatThrownBy(() -> db.transactor().inTransaction(Scope.tenant(tenant), (h, first) -> {
            first.query(INSERT, q -> q.bind("id", id).bind("tenant", tenant).bind("body", "kept?"), String.class);
            first.query("select cast(:notANumber as integer)", q -> q.bind("notANumber", "x"), Integer.class);
            first.send();
            return null;
        })).isInstanceOf(UnableToExecuteStatementException.class);

        final long kept = db.transactor().inTenant(tenant, h -> h.createQuery("select count(*) from notes")
                                                                 .mapTo(Long.class).one());
        assertThat(kept).isZero();
    }

    @Test
    void aQueryWithoutRows_isRefusedByName() {
        final UUID tenant = Uuid7.next();
        assertThatThrownBy(() -> db.transactor().inTransaction(Scope.tenant(tenant), (h, first) -> {
            first.query("select 1", q -> { }, Integer.class);
            first.query("update notes set body = 'x' where tenant_id = :none", q -> q.bind("none", tenant),
                        Integer.class);
            first.send();
            return null;
        })).isInstanceOf(IllegalStateException.class).hasMessageContaining("returned no rows: update notes");
    }

    @Test
    void twoQueriesNamingOneParameter_areRefused_ratherThanSharingAValue() {
        final UUID tenant = Uuid7.next();
        assertThatThrownBy(() -> db.transactor().inTransaction(Scope.tenant(tenant), (h, first) -> {
            first.query("select cast(:value as text)", q -> q.bind("value", "one"), String.class);
            first.query("select cast(:value as text)", q -> q.bind("value", "two"), String.class);
            first.send();
            return null;
        })).isInstanceOf(IllegalStateException.class).hasMessageContaining("parameter value");
    }

    private static void insert(UUID tenant, String body) {
        db.transactor().inTenant(tenant, h -> h.createUpdate(
                "insert into notes (id, tenant_id, body) values (:id, :tenant, :body)")
                .bind("id", Uuid7.next()).bind("tenant", tenant).bind("body", body).execute());
    }
}
