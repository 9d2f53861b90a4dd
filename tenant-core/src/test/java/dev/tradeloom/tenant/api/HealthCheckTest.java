package dev.tradeloom.tenant.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.tradeloom.tenant.TenantCoreTesting;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc.HealthBlockingStub;

/** {@code grpc.health.v1}, as load balancers and orchestrators probe a core service. */
class HealthCheckTest {
    private static TenantCoreTesting tc;

    @BeforeAll
    static void start() {
        tc = new TenantCoreTesting();
    }

    @AfterAll
    static void stop() {
        tc.close();
    }

    @Test
    void aGrpcHealthProbe_withoutAToken_isServing() {
        assertThat(tc.client(HealthBlockingStub.class, null).check(HealthCheckRequest.getDefaultInstance())
                     .getStatus()).isEqualTo(ServingStatus.SERVING);
    }
}
