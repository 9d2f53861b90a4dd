package dev.tradeloom.bff;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.linecorp.armeria.common.CommonPools;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;

/**
 * Token buckets in PostgreSQL, shared by every edge instance: one row per client and tier in
 * {@code edge.rate_limit_buckets} (the edge's own schema, migrated by its own Flyway history),
 * updated under {@code SELECT … FOR UPDATE}. Rows of full buckets expire and are swept every
 * minute. When the database cannot be reached, {@link #tryConsume} throws quickly (short
 * connection timeout) and the caller decides; the schema is migrated as soon as it can be.
 */
final class PostgresBuckets implements Buckets {
    static final String SCHEMA = "edge";
    private static final Logger logger = LoggerFactory.getLogger(PostgresBuckets.class);
    private static final Duration MIGRATION_RETRY = Duration.ofSeconds(30);

    private final RateLimitStore store;
    private final HikariDataSource dataSource;
    private final PostgreSQLSelectForUpdateBasedProxyManager<String> buckets;
    private final ScheduledFuture<?> sweeper;
    private volatile boolean migrated;
    private volatile long nextMigrationAttemptNanos = System.nanoTime();

    PostgresBuckets(RateLimitStore store) {
        this.store = requireNonNull(store, "store");
        final HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("edge-rate-limits");
        hikari.setJdbcUrl(store.url());
        hikari.setUsername(store.user());
        hikari.setPassword(store.password());
        hikari.setMaximumPoolSize(8);
        // Fail fast, both at start and per request: an unreachable store must not stall traffic.
        hikari.setConnectionTimeout(500);
        hikari.setValidationTimeout(250);
        hikari.setInitializationFailTimeout(-1);
        dataSource = new HikariDataSource(hikari);
        buckets = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
                                    .primaryKeyMapper(PrimaryKeyMapper.STRING)
                                    .table(SCHEMA + ".rate_limit_buckets")
                                    .idColumn("id")
                                    .stateColumn("state")
                                    .expiresAtColumn("expires_at")
                                    .expirationAfterWrite(ExpirationAfterWriteStrategy
                                            .basedOnTimeForRefillingBucketUpToMax(Duration.ofMinutes(1)))
                                    .build();
        migrateIfDue();
        sweeper = CommonPools.blockingTaskExecutor().scheduleWithFixedDelay(this::sweep, 1, 1, TimeUnit.MINUTES);
    }

    @Override
    public ConsumptionProbe tryConsume(String key, BucketConfiguration config) {
        if (!migrated && !migrateIfDue()) {
            throw new IllegalStateException("The rate-limit schema is not migrated yet (database unreachable)");
        }
        return buckets.getProxy(key, () -> config).tryConsumeAndReturnRemaining(1);
    }

    @Override
    public void close() {
        sweeper.cancel(false);
        dataSource.close();
    }

    private synchronized boolean migrateIfDue() {
        if (migrated || System.nanoTime() - nextMigrationAttemptNanos < 0) {
            return migrated;
        }
        try {
            Flyway.configure()
                  .dataSource(dataSource)
                  .schemas(SCHEMA)
                  .createSchemas(true)
                  .locations("classpath:db/migration/" + SCHEMA)
                  .load()
                  .migrate();
            migrated = true;
        } catch (RuntimeException e) {
            // Flyway wraps every database failure; the edge keeps serving and tries again later.
            nextMigrationAttemptNanos = System.nanoTime() + MIGRATION_RETRY.toNanos();
            logger.warn("Cannot migrate the rate-limit store at {} ({}); retrying in {}s", store.url(),
                        e.getMessage(), MIGRATION_RETRY.toSeconds());
        }
        return migrated;
    }

    private void sweep() {
        if (!migrated) {
            return;
        }
        try {
            buckets.removeExpired(1000);
        } catch (RuntimeException e) {
            // The next sweep tries again; expired rows only cost space meanwhile.
            logger.debug("Cannot sweep expired rate-limit buckets ({})", e.getMessage());
        }
    }
}
