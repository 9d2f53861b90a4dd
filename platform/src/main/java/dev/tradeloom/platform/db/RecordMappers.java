package dev.tradeloom.platform.db;

import static java.util.Objects.requireNonNull;

import java.lang.reflect.Type;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.jdbi.v3.core.config.ConfigRegistry;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.mapper.RowMapperFactory;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Maps rows to records through their canonical constructor, as JDBI's {@link ConstructorMapper}
 * does (column names match parameter names, {@code @Nested} for embedded records), for every
 * record type without registration.
 *
 * <p>The constructor mapper matches columns to parameters by reflection for every result set,
 * which costs more than the query on short reads. This factory does that matching once per record
 * type and column layout and reuses the bound mapper after that.
 */
final class RecordMappers implements RowMapperFactory {
    private final ConcurrentMap<Class<?>, LayoutCache<?>> byType = new ConcurrentHashMap<>();

    @Override
    public Optional<RowMapper<?>> build(Type type, ConfigRegistry config) {
        if (!(type instanceof Class<?> cls) || !cls.isRecord()) {
            return Optional.empty();
        }
        return Optional.of(byType.computeIfAbsent(cls, LayoutCache::of));
    }

    /** One record type's mappers, bound once per result-set layout (the column labels in order). */
    private static final class LayoutCache<T> implements RowMapper<T> {
        private final RowMapper<T> unbound;
        private final ConcurrentMap<String, RowMapper<T>> bound = new ConcurrentHashMap<>();

        private LayoutCache(RowMapper<T> unbound) {
            this.unbound = requireNonNull(unbound, "unbound");
        }

        static <T> LayoutCache<T> of(Class<T> type) {
            return new LayoutCache<>(ConstructorMapper.of(type));
        }

        @Override
        public T map(ResultSet rs, StatementContext ctx) throws SQLException {
            return specialize(rs, ctx).map(rs, ctx);
        }

        @Override
        public RowMapper<T> specialize(ResultSet rs, StatementContext ctx) throws SQLException {
            final String layout = layout(rs.getMetaData());
            final RowMapper<T> cached = bound.get(layout);
            if (cached != null) {
                return cached;
            }
            final RowMapper<T> mapper = unbound.specialize(rs, ctx);
            bound.putIfAbsent(layout, mapper);
            return mapper;
        }

        private static String layout(ResultSetMetaData meta) throws SQLException {
            final StringBuilder layout = new StringBuilder();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                layout.append(meta.getColumnLabel(i)).append(',');
            }
            return layout.toString();
        }
    }
}
