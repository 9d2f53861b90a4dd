package dev.tradeloom.tenant.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.tradeloom.platform.testing.Eventually;
import dev.tradeloom.platform.testing.RestartablePostgres;
import dev.tradeloom.tenant.TenantCoreConfig;
import dev.tradeloom.tenant.TenantCoreTesting;
import dev.tradeloom.tenant.v1.LoginRequest;
import dev.tradeloom.tenant.v1.LoginResponse;
import dev.tradeloom.tenant.v1.SearchCompaniesRequest;
import dev.tradeloom.tenant.v1.TenantServiceGrpc.TenantServiceBlockingStub;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * While its database restarts, tenant-core answers UNAVAILABLE (reason DATABASE_UNAVAILABLE), which a
 * client may retry, instead of INTERNAL; once the database is back, the same calls succeed again.
 */
class DatabaseOutageTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static RestartablePostgres postgres;
    private static TenantCoreTesting tenantCore;

    @BeforeAll
    static void start() throws Exception {
        postgres = RestartablePostgres.start(Files.createTempDirectory("tradeloom-outage-pg").resolve("data"));
        tenantCore = new TenantCoreTesting(postgres.configFor(TenantCoreConfig.SCHEMA)
                                                   .withConnectionTimeout(Duration.ofMillis(500)));
    }

    @AfterAll
    static void stop() {
        tenantCore.close();
        postgres.close();
    }

    @Test
    void duringARestart_callsAreUnavailable_andSucceedOnceTheDatabaseIsBack() {
        final String email = TenantCoreTesting.newEmail("outage");
        tenantCore.signUp(email);
        final LoginRequest login = LoginRequest.newBuilder().setEmail(email)
                                               .setPassword(TenantCoreTesting.PASSWORD).build();
        final TenantServiceBlockingStub tenants = tenantCore.client(TenantServiceBlockingStub.class, null);
        final SearchCompaniesRequest search = SearchCompaniesRequest.newBuilder().setQuery("silk").build();

        postgres.stop();
        for (Runnable call : new Runnable[] {() -> tenantCore.auth(null).login(login),
                                             () -> tenants.searchCompanies(search)}) {
            assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                assertThat(e.getStatus().getCode()).as(e.getStatus().toString())
                                                   .isEqualTo(Status.Code.UNAVAILABLE);
                assertThat(TenantCoreTesting.reason(e)).isEqualTo("DATABASE_UNAVAILABLE");
            });
        }

        postgres.restart();
        Eventually.await(WAIT, "login works again", () -> {
            try {
                final LoginResponse response = tenantCore.auth(null).login(login);
                return !response.getTokens().getAccessToken().isEmpty();
            } catch (StatusRuntimeException e) {
                return false;
            }
        });
        assertThat(tenants.searchCompanies(search).getResultsList()).isEmpty();
    }
}
