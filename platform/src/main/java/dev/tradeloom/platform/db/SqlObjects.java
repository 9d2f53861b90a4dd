package dev.tradeloom.platform.db;

import static java.util.Objects.requireNonNull;

import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.extension.ExtensionFactory;
import org.jdbi.v3.core.extension.Extensions;
import org.jdbi.v3.sqlobject.SqlObjectFactory;

/** Start-up work for JDBI SQL-object interfaces (DAOs). */
public final class SqlObjects {
    private SqlObjects() {}

    /**
     * Reads the given DAO interfaces once, into {@code jdbi}'s shared configuration. Every handle
     * works on a copy of that configuration and forgets what it learns about an interface it
     * attaches, so without this every {@code attach} inspects the interface anew by reflection,
     * which costs more than a short query.
     */
    public static void prepare(Jdbi jdbi, Class<?>... daoTypes) {
        requireNonNull(jdbi, "jdbi");
        final Extensions extensions = jdbi.getConfig(Extensions.class);
        final ExtensionFactory factory = extensions.findFactory(SqlObjectFactory.class).orElseThrow();
        for (Class<?> type : daoTypes) {
            extensions.findMetadata(requireNonNull(type, "daoTypes[]"), factory);
        }
    }
}
