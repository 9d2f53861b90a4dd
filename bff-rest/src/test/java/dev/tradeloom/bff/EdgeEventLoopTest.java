package dev.tradeloom.bff;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.server.Server;

import dev.tradeloom.platform.db.DatabaseConfig;
import dev.tradeloom.platform.testing.Eventually;
import dev.tradeloom.platform.testing.TestPostgres;

/**
 * The edge's own routes (product pages, the Meta feed, try-on events) wait on a shared rate-limit store off
 * the event loop: an edge with one event loop keeps answering while the store makes them wait.
 */
class EdgeEventLoopTest {
    private static final String NOWHERE = "http://127.0.0.1:1";

    @Test
    void routesWaitingOnTheRateLimitStore_leaveTheEventLoopFreeForOtherRequests() throws Exception {
        final DatabaseConfig db = TestPostgres.newDatabase("edge");
        final RateLimitStore shared = RateLimitStore.postgres(db.jdbcUrl(), db.migrationUser(),
                                                              db.migrationPassword());
        final BffConfig config = new BffConfig(0, NOWHERE, NOWHERE, NOWHERE, NOWHERE + "/.well-known/jwks.json",
                                               List.of(), true, EdgeTesting.generousLimits(), 64 * 1024,
                                               Duration.ofSeconds(30), true, shared, 1024 * 1024, NOWHERE,
                                               List.of());
        final Server edge = BffServer.configure(Server.builder().workerGroup(1), config).build();
        edge.start().join();
        final String uri = "http://127.0.0.1:" + edge.activeLocalPort();
        final WebClient client = WebClient.builder(uri).responseTimeout(Duration.ofSeconds(60)).build();
        try (Connection lock = DriverManager.getConnection(db.jdbcUrl(), db.migrationUser(),
                                                           db.migrationPassword())) {
            lock.setAutoCommit(false);
            try (Statement statement = lock.createStatement()) {
                statement.execute("lock table edge.rate_limit_buckets in access exclusive mode");
            }
            final List<CompletableFuture<AggregatedHttpResponse>> waiting = List.of(
                    client.get("/storefronts/" + UUID.randomUUID() + "/products/silk-saree").aggregate(),
                    client.get("/feeds/meta/" + UUID.randomUUID() + ".xml").aggregate(),
                    client.get("/v1/tryon/jobs/" + UUID.randomUUID() + "/events").aggregate());
            Eventually.await(Duration.ofSeconds(30), "the three requests waiting on the store",
                             () -> waitingOnTheStore(lock) == 3);

            final AggregatedHttpResponse health = WebClient.builder(uri).responseTimeout(Duration.ofSeconds(10))
                                                           .build().blocking().get("/internal/health");
            assertThat(health.status()).isEqualTo(HttpStatus.OK);
            lock.rollback();
            for (CompletableFuture<AggregatedHttpResponse> response : waiting) {
                assertThat(response.join().status()).isNotEqualTo(HttpStatus.TOO_MANY_REQUESTS);
            }
        } finally {
            edge.stop().join();
        }
    }

    private static int waitingOnTheStore(Connection lock) {
        try (Statement statement = lock.createStatement();
             ResultSet rows = statement.executeQuery(
                     "select count(*) from pg_locks where not granted "
                     + "and relation = 'edge.rate_limit_buckets'::regclass")) {
            rows.next();
            return rows.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
