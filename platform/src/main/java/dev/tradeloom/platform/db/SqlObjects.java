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
     * Reads the given DAO interfaces once, at start, into {@code jdbi}'s shared configuration, so a DAO
     * JDBI cannot serve fails the start rather than its first call. (Up to JDBI 3.54 this was also what
     * kept every {@code attach} from inspecting the interface anew by reflection; since 3.55 the
     * handles share what they learn.)
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
