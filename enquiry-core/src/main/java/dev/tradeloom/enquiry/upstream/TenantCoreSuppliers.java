package dev.tradeloom.enquiry.upstream;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.linecorp.armeria.client.grpc.GrpcClients;
import com.linecorp.armeria.common.util.SafeCloseable;

import dev.tradeloom.enquiry.domain.Supplier;
import dev.tradeloom.enquiry.domain.Suppliers;
import dev.tradeloom.platform.error.FailedPreconditionException;
import dev.tradeloom.platform.error.NotFoundException;
import dev.tradeloom.tenant.v1.GetTenantRequest;
import dev.tradeloom.tenant.v1.Tenant;
import dev.tradeloom.tenant.v1.TenantKind;
import dev.tradeloom.tenant.v1.TenantServiceGrpc.TenantServiceBlockingStub;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * Suppliers as tenant-core's public {@code TenantService.GetTenant} describes them, asked with the
 * end user's own bearer token (so tenant-core applies its visibility rules to that user).
 */
public final class TenantCoreSuppliers implements Suppliers {
    private static final Logger logger = LoggerFactory.getLogger(TenantCoreSuppliers.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final TenantServiceBlockingStub tenants;

    public TenantCoreSuppliers(String tenantCoreUrl) {
        requireNonNull(tenantCoreUrl, "tenantCoreUrl");
        tenants = GrpcClients.builder(tenantCoreUrl)
                             .responseTimeout(TIMEOUT)
                             .build(TenantServiceBlockingStub.class);
    }

    @Override
    public Supplier find(UUID tenantId) {
        final Tenant tenant;
        try (SafeCloseable ignored = CallerToken.forward()) {
            tenant = tenants.getTenant(GetTenantRequest.newBuilder().setTenantId(tenantId.toString()).build());
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                throw new NotFoundException("SUPPLIER_NOT_FOUND", "No supplier " + tenantId + '.');
            }
            logger.warn("tenant-core GetTenant {} failed: {}", tenantId, e.getStatus());
            throw Status.UNAVAILABLE.withDescription("The supplier directory is unavailable; retry shortly.")
                                    .asRuntimeException();
        }
        final TenantKind kind = tenant.getKind();
        if (kind != TenantKind.TENANT_KIND_SUPPLIER && kind != TenantKind.TENANT_KIND_BOTH) {
            throw new FailedPreconditionException(
                    "NOT_A_SUPPLIER",
                    "Tenant " + tenantId + " (" + tenant.getName()
                    + ") does not take enquiries: it is not a supplier.");
        }
        return new Supplier(tenantId, tenant.getName());
    }
}
