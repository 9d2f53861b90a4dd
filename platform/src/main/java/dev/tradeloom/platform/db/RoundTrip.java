package dev.tradeloom.platform.db;

import static java.util.Objects.requireNonNull;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.SqlParser;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Queries sent to PostgreSQL together and answered in one round trip, for hot paths where the round
 * trips, not the statements, are most of the cost. The driver sends them as one message and the server
 * runs them in order in the handle's transaction, so a later query sees what an earlier one wrote. Every
 * query must return rows (a plain {@code insert} or {@code update} needs {@code returning}), and the
 * queries' named parameters must differ from one another, since they are bound as one statement.
 */
public final class RoundTrip {
    private final Handle handle;
    private final List<Part<?>> parts = new ArrayList<>();
    private boolean sent;

    private RoundTrip(Handle handle) {
        this.handle = requireNonNull(handle, "handle");
    }

    /** A round trip to send on {@code handle}. */
    public static RoundTrip on(Handle handle) {
        return new RoundTrip(handle);
    }

    /** The handle the round trip is sent on: whose transaction its statements join. */
    public Handle handle() {
        return handle;
    }

    /** Adds {@code sql}, whose parameters {@code binder} binds and whose rows read as {@code type}. */
    public <T> Part<T> query(String sql, Consumer<? super Query> binder, Class<T> type) {
        requireNonNull(sql, "sql");
        requireNonNull(binder, "binder");
        requireNonNull(type, "type");
        if (sent) {
            throw new IllegalStateException("This round trip was sent");
        }
        final Part<T> part = new Part<>(sql, binder, type);
        parts.add(part);
        return part;
    }

    /** Sends the queries and reads every one's rows; then each {@link Part} has them. */
    public void send() {
        if (sent) {
            throw new IllegalStateException("This round trip was sent");
        }
        if (parts.isEmpty()) {
            throw new IllegalStateException("Nothing to send");
        }
        sent = true;
        final StringBuilder sql = new StringBuilder();
        for (Part<?> part : parts) {
            sql.append(sql.length() == 0 ? "" : ";\n").append(part.sql);
        }
        final Query query = handle.createQuery(sql.toString());
        requireDistinctParameters(query.getContext());
        parts.forEach(part -> part.binder.accept(query));
        query.execute((statement, context) -> {
            try {
                read(statement.get(), context);
                return null;
            } finally {
                context.close();
            }
        });
    }

    /** Two queries naming the same parameter would silently share one value: refused instead. */
    private void requireDistinctParameters(StatementContext context) {
        final SqlParser parser = handle.getConfig(SqlStatements.class).getSqlParser();
        final Set<String> seen = new HashSet<>();
        for (Part<?> part : parts) {
            for (String name : Set.copyOf(parser.parse(part.sql, context).getParameters().getParameterNames())) {
                if (!seen.add(name)) {
                    throw new IllegalStateException("Two queries of a round trip name the parameter " + name);
                }
            }
        }
    }

    private void read(PreparedStatement statement, StatementContext context) throws SQLException {
        for (int i = 0; i < parts.size(); i++) {
            if (i > 0) {
                statement.getMoreResults();
            }
            final ResultSet results = statement.getResultSet();
            if (results == null) {
                throw new IllegalStateException("Query " + (i + 1) + " of the round trip returned no rows: "
                                                + parts.get(i).sql);
            }
            parts.get(i).read(results, context);
        }
    }

    /** One query of a round trip; its rows once the round trip is sent. */
    public static final class Part<T> {
        private final String sql;
        private final Consumer<? super Query> binder;
        private final Class<T> type;
        private List<T> rows;

        private Part(String sql, Consumer<? super Query> binder, Class<T> type) {
            this.sql = sql;
            this.binder = binder;
            this.type = type;
        }

        private void read(ResultSet results, StatementContext context) throws SQLException {
            final RowMapper<T> mapper = context.findMapperFor(type).orElseThrow(
                    () -> new IllegalStateException("No row mapper for " + type.getName()))
                                               .specialize(results, context);
            final List<T> read = new ArrayList<>();
            while (results.next()) {
                read.add(mapper.map(results, context));
            }
            rows = List.copyOf(read);
        }

        /** The rows the query returned. */
        public List<T> rows() {
            if (rows == null) {
                throw new IllegalStateException("The round trip was not sent");
            }
            return rows;
        }

        /** The one row the query returned. */
        public T one() {
            return findOne().orElseThrow(() -> new IllegalStateException("Expected one row, got none: " + sql));
        }

        /** The row the query returned, if it returned one. */
        public Optional<T> findOne() {
            final List<T> all = rows();
            if (all.size() > 1) {
                throw new IllegalStateException("Expected at most one row, got " + all.size() + ": " + sql);
            }
            return all.stream().findFirst();
        }
    }
}
