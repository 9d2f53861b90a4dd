package dev.tradeloom.platform.db;

import org.jdbi.v3.core.statement.StatementException;
import org.jspecify.annotations.Nullable;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/** Reads which constraint a failed statement broke, so the domain can say what the client should change. */
public final class Constraints {
    private Constraints() {}

    /** The name of the unique, foreign-key or check constraint {@code e} broke, or null for other failures. */
    public static @Nullable String violated(StatementException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof PSQLException psql && psql.getSQLState() != null
                && psql.getSQLState().startsWith("23")) {
                final ServerErrorMessage message = psql.getServerErrorMessage();
                return message == null ? null : message.getConstraint();
            }
        }
        return null;
    }
}
