package dev.tradeloom.enquiry.upstream;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.linecorp.armeria.client.grpc.GrpcClients;
import com.linecorp.armeria.common.util.SafeCloseable;

import dev.tradeloom.api.v1.Role;
import dev.tradeloom.enquiry.domain.Teams;
import dev.tradeloom.platform.error.PermissionDeniedException;
import dev.tradeloom.tenant.v1.ListMembersRequest;
import dev.tradeloom.tenant.v1.ListMembersResponse;
import dev.tradeloom.tenant.v1.Member;
import dev.tradeloom.tenant.v1.MemberServiceGrpc.MemberServiceBlockingStub;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/** Team membership from tenant-core's {@code MemberService.ListMembers}, asked with the caller's token. */
public final class TenantCoreTeams implements Teams {
    private static final Logger logger = LoggerFactory.getLogger(TenantCoreTeams.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final int PAGE = 100;

    private final MemberServiceBlockingStub members;

    public TenantCoreTeams(String tenantCoreUrl) {
        requireNonNull(tenantCoreUrl, "tenantCoreUrl");
        members = GrpcClients.builder(tenantCoreUrl).responseTimeout(TIMEOUT)
                             .build(MemberServiceBlockingStub.class);
    }

    @Override
    public Optional<Role> roleOf(UUID tenantId, UUID userId) {
        final String wanted = userId.toString();
        String pageToken = "";
        try (SafeCloseable ignored = CallerToken.forward()) {
            do {
                final ListMembersResponse page = members.listMembers(
                        ListMembersRequest.newBuilder().setTenantId(tenantId.toString()).setPageSize(PAGE)
                                          .setPageToken(pageToken).build());
                for (Member member : page.getMembersList()) {
                    if (member.getUserId().equals(wanted)) {
                        return Optional.of(member.getRole());
                    }
                }
                pageToken = page.getNextPageToken();
            } while (!pageToken.isEmpty());
            return Optional.empty();
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.PERMISSION_DENIED) {
                throw new PermissionDeniedException("MISSING_PERMISSION",
                                                    "You may not read the team of tenant " + tenantId + '.');
            }
            logger.warn("tenant-core ListMembers {} failed: {}", tenantId, e.getStatus());
            throw Status.UNAVAILABLE.withDescription("The team directory is unavailable; retry shortly.")
                                    .asRuntimeException();
        }
    }
}
