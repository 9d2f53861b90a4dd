package dev.tradeloom.platform.db;

import static java.util.Objects.requireNonNull;

import java.util.UUID;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;

/**
 * The only way services open transactions: every transaction first sets the acting tenant and
 * user ({@code set_config(..., true)}, transaction-local), so no DAO can forget the tenant and
 * a pooled connection never carries one transaction's tenant into the next.
 */
public final class Transactor {
    private static final String SET_SCOPE =
            "select set_config('app.tenant_id', :actingTenant, true) as t, "
            + "set_config('app.user_id', :actingUser, true) as u";

    private final Jdbi jdbi;

    public Transactor(Jdbi jdbi) {
        this.jdbi = requireNonNull(jdbi, "jdbi");
    }

    /** Runs {@code work} in one transaction acting for {@code scope}. */
    public <T> T inTransaction(Scope scope, HandleCallback<T, RuntimeException> work) {
        requireNonNull(scope, "scope");
        requireNonNull(work, "work");
        return jdbi.inTransaction(handle -> {
            actAs(handle, scope);
            return work.withHandle(handle);
        });
    }

    /**
     * Runs {@code work} in one transaction acting for {@code scope}, with the scope set in the same round
     * trip as the queries {@code work} adds to {@code first} before it sends it: one round trip fewer
     * than {@link #inTransaction(Scope, HandleCallback)}, for hot paths. Until {@code first} is sent the
     * transaction acts for no one, so a statement run before it sees no tenant's rows.
     */
    public <T> T inTransaction(Scope scope, FirstRoundTrip<T> work) {
        requireNonNull(scope, "scope");
        requireNonNull(work, "work");
        return jdbi.inTransaction(handle -> {
            final RoundTrip first = RoundTrip.on(handle);
            actAs(first, scope);
            return work.run(handle, first);
        });
    }

    /** Work whose transaction sets its scope in the first round trip it sends. */
    @FunctionalInterface
    public interface FirstRoundTrip<T> {
        T run(Handle handle, RoundTrip first);
    }

    /** Runs {@code work} acting for one tenant. */
    public <T> T inTenant(UUID tenantId, HandleCallback<T, RuntimeException> work) {
        return inTransaction(Scope.tenant(requireNonNull(tenantId, "tenantId")), work);
    }

    /** Runs {@code work} with no tenant: tenant-scoped rows are invisible. */
    public <T> T inSystem(HandleCallback<T, RuntimeException> work) {
        return inTransaction(Scope.system(), work);
    }

    /**
     * Runs a read of public rows as one auto-committed statement, without a transaction or scope:
     * one round trip instead of three. Safe because scopes are transaction-local, so nothing set
     * by an earlier transaction on the pooled connection is visible here.
     */
    public <T> T readPublic(HandleCallback<T, RuntimeException> work) {
        requireNonNull(work, "work");
        return jdbi.withHandle(work);
    }

    /**
     * Switches the open transaction of {@code handle} to act for {@code scope}, for the rare
     * transaction that starts without knowing whom it acts for (e.g. a login that finds the user).
     */
    public static void actAs(Handle handle, Scope scope) {
        final RoundTrip trip = RoundTrip.on(handle);
        actAs(trip, scope);
        trip.send();
    }

    private static void actAs(RoundTrip trip, Scope scope) {
        trip.query(SET_SCOPE, q -> q.bind("actingTenant", asText(scope.tenantId()))
                                      .bind("actingUser", asText(scope.userId())),
                   String.class);
    }

    private static String asText(UUID id) {
        return id == null ? "" : id.toString();
    }
}
