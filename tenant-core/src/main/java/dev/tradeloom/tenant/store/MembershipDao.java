package dev.tradeloom.tenant.store;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** Memberships of users in tenants (roles as lowercase names such as {@code catalog_manager}). */
@RegisterConstructorMapper(MembershipDao.UserRole.class)
public interface MembershipDao {
    /** A tenant and the user's role in it. */
    record UserRole(UUID tenantId, String role) {}

    /** Every membership of the user; needs a scope whose user is {@code userId}. */
    @SqlQuery("select tenant_id, role from memberships where user_id = :userId order by tenant_id")
    List<UserRole> rolesOf(@Bind("userId") UUID userId);

    /** The user's role in the acting tenant. */
    @SqlQuery("select role from memberships where tenant_id = :tenantId and user_id = :userId")
    Optional<String> role(@Bind("tenantId") UUID tenantId, @Bind("userId") UUID userId);
}
