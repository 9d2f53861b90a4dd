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
            "select set_config('app.tenant_id', :tenant, true) as t, "
            + "set_config('app.user_id', :user, true) as u";

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
        handle.createQuery(SET_SCOPE)
              .bind("tenant", asText(scope.tenantId()))
              .bind("user", asText(scope.userId()))
              .mapToMap()
              .one();
    }

    private static String asText(UUID id) {
        return id == null ? "" : id.toString();
    }
}
