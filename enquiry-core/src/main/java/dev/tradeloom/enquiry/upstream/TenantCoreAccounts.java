package dev.tradeloom.enquiry.upstream;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.linecorp.armeria.client.grpc.GrpcClients;
import com.linecorp.armeria.common.util.SafeCloseable;

import dev.tradeloom.enquiry.domain.Accounts;
import dev.tradeloom.tenant.v1.AuthServiceGrpc.AuthServiceBlockingStub;
import dev.tradeloom.tenant.v1.GetCurrentUserRequest;
import dev.tradeloom.tenant.v1.User;
import io.grpc.StatusRuntimeException;

/** The caller's account from tenant-core's {@code AuthService.GetCurrentUser}, asked with the caller's token. */
public final class TenantCoreAccounts implements Accounts {
    private static final Logger logger = LoggerFactory.getLogger(TenantCoreAccounts.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final AuthServiceBlockingStub auth;

    public TenantCoreAccounts(String tenantCoreUrl) {
        requireNonNull(tenantCoreUrl, "tenantCoreUrl");
        auth = GrpcClients.builder(tenantCoreUrl).responseTimeout(TIMEOUT).build(AuthServiceBlockingStub.class);
    }

    @Override
    public @Nullable Contact current() {
        try (SafeCloseable ignored = CallerToken.forward()) {
            final User user = auth.getCurrentUser(GetCurrentUserRequest.getDefaultInstance());
            return new Contact(user.getDisplayName(), user.getEmail(), user.getEmailVerified());
        } catch (StatusRuntimeException e) {
            logger.warn("tenant-core GetCurrentUser failed ({}); the enquiry is taken without the account's "
                        + "contact details", e.getStatus());
            return null;
        }
    }
}
