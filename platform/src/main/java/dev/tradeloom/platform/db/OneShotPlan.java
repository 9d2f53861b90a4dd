package dev.tradeloom.platform.db;

import java.lang.annotation.Annotation;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.Method;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.StatementCustomizer;
import org.jdbi.v3.sqlobject.customizer.SqlStatementCustomizer;
import org.jdbi.v3.sqlobject.customizer.SqlStatementCustomizerFactory;
import org.jdbi.v3.sqlobject.customizer.SqlStatementCustomizingAnnotation;
import org.postgresql.PGStatement;

/**
 * Plans the annotated query afresh with its actual parameters on every execution, instead of
 * letting the driver switch to a server-side prepared statement whose generic plan cannot see the
 * parameters. For queries whose best plan depends on the values, e.g. how common a search term is.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@SqlStatementCustomizingAnnotation(OneShotPlan.Factory.class)
public @interface OneShotPlan {
    /** Turns server-side preparation off for the annotated statement. */
    final class Factory implements SqlStatementCustomizerFactory {
        @Override
        public SqlStatementCustomizer createForMethod(Annotation annotation, Class<?> sqlObjectType, Method method) {
            return statement -> statement.addCustomizer(new StatementCustomizer() {
                @Override
                public void beforeExecution(PreparedStatement stmt, StatementContext ctx) throws SQLException {
                    stmt.unwrap(PGStatement.class).setPrepareThreshold(0);
                }
            });
        }
    }
}
