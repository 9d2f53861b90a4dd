package dev.tradeloom.bff;

import static dev.tradeloom.bff.EdgeTesting.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpStatus;

import dev.tradeloom.api.v1.RateTier;
import dev.tradeloom.platform.db.DatabaseConfig;
import dev.tradeloom.platform.testing.TestPostgres;
import dev.tradeloom.tenant.TenantCoreTesting;

/** Edge instances sharing PostgreSQL share one rate-limit budget; an unreachable store fails open. */
class EdgeSharedRateLimitTest {
    private static final Map<RateTier, Integer> TIGHT = Map.of(
            RateTier.RATE_TIER_AUTH, 3, RateTier.RATE_TIER_GENERAL, 3, RateTier.RATE_TIER_UPLOAD, 3,
            RateTier.RATE_TIER_PUBLIC, 3);

    private static TenantCoreTesting tenantCore;

    @BeforeAll
    static void start() {
        tenantCore = new TenantCoreTesting();
    }

    @AfterAll
    static void stop() {
        tenantCore.close();
    }

    @Test
    void twoEdgesOnOnePostgres_shareOneBudget() {
        final DatabaseConfig db = TestPostgres.newDatabase("edge");
        final RateLimitStore shared = RateLimitStore.postgres(db.jdbcUrl(), db.migrationUser(),
                                                              db.migrationPassword());
        try (EdgeTesting first = new EdgeTesting(tenantCore, TIGHT, shared);
             EdgeTesting second = new EdgeTesting(tenantCore, TIGHT, shared)) {
            for (int i = 0; i < 3; i++) {
                final AggregatedHttpResponse ok = first.get("/v1/auth/jwks", null);
                assertThat(ok.status()).isEqualTo(HttpStatus.OK);
                assertThat(ok.headers().get("ratelimit")).startsWith("\"public\";r=" + (2 - i) + ";t=");
            }
            final AggregatedHttpResponse refused = second.get("/v1/auth/jwks", null);
            assertThat(refused.status()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
            assertThat(json(refused).get("reason").asText()).isEqualTo("RATE_LIMITED");
            assertThat(Long.parseLong(refused.headers().get("retry-after"))).isBetween(1L, 60L);
            // Another tier keeps its own shared budget.
            assertThat(second.get("/v1/users/me", null).status()).isEqualTo(HttpStatus.UNAUTHORIZED);
        }
    }

    @Test
    void twoEdgesInMemory_eachKeepTheirOwnBudget() {
        try (EdgeTesting first = new EdgeTesting(tenantCore, TIGHT, RateLimitStore.MEMORY);
             EdgeTesting second = new EdgeTesting(tenantCore, TIGHT, RateLimitStore.MEMORY)) {
            for (int i = 0; i < 3; i++) {
                assertThat(first.get("/v1/auth/jwks", null).status()).isEqualTo(HttpStatus.OK);
            }
            assertThat(first.get("/v1/auth/jwks", null).status()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
            assertThat(second.get("/v1/auth/jwks", null).status()).isEqualTo(HttpStatus.OK);
        }
    }

    @Test
    void unreachableStore_letsRequestsThrough_andCountsTheFailures() {
        final RateLimitStore nowhere = RateLimitStore.postgres("jdbc:postgresql://127.0.0.1:1/none", "edge", "edge");
        try (EdgeTesting edge = new EdgeTesting(tenantCore, TIGHT, nowhere)) {
            for (int i = 0; i < 5; i++) {
                assertThat(edge.get("/v1/auth/jwks", null).status()).isEqualTo(HttpStatus.OK);
            }
            final String metrics = edge.get("/internal/metrics", null).contentUtf8();
            assertThat(metrics).containsPattern("tradeloom_ratelimit_store_failures_total(\\{[^}]*\\})? 5\\.0");
        }
    }
}
