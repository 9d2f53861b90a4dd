package dev.tradeloom.tenant.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jspecify.annotations.Nullable;

/** Memberships of users in tenants (roles as lowercase names such as {@code catalog_manager}). */
public interface MembershipDao {
    /** A tenant and the user's role in it. */
    record UserRole(UUID tenantId, String role) {}

    /** Every membership of the user; needs a scope whose user is {@code userId}. */
    @SqlQuery("select tenant_id, role from memberships where user_id = :userId order by tenant_id")
    List<UserRole> rolesOf(@Bind("userId") UUID userId);

    /** The user's role in the acting tenant. */
    @SqlQuery("select role from memberships where tenant_id = :tenantId and user_id = :userId")
    Optional<String> role(@Bind("tenantId") UUID tenantId, @Bind("userId") UUID userId);

    /**
     * The user's role in the acting tenant, share-locked until the transaction ends: a removal or a change of
     * role committing meanwhile is waited for and seen.
     */
    @SqlQuery("select role from memberships where tenant_id = :tenantId and user_id = :userId for share")
    Optional<String> lockRole(@Bind("tenantId") UUID tenantId, @Bind("userId") UUID userId);

    @SqlUpdate("""
            insert into memberships (tenant_id, user_id, role) values (:tenantId, :userId, :role)
            on conflict (tenant_id, user_id) do nothing""")
    boolean insert(@Bind("tenantId") UUID tenantId, @Bind("userId") UUID userId, @Bind("role") String role);

    @SqlQuery("""
            select m.tenant_id, m.user_id, u.email, u.display_name, m.role, m.created_at, m.updated_at
            from memberships m join users u on u.id = m.user_id
            where m.tenant_id = :tenantId
              and (cast(:afterTime as timestamptz) is null or (m.created_at, m.user_id) > (:afterTime, :afterId))
            order by m.created_at, m.user_id
            limit :limit""")
    List<MemberRow> list(@Bind("tenantId") UUID tenantId, @Bind("afterTime") @Nullable Instant afterTime,
                         @Bind("afterId") @Nullable UUID afterId, @Bind("limit") int limit);

    @SqlQuery("""
            select m.tenant_id, m.user_id, u.email, u.display_name, m.role, m.created_at, m.updated_at
            from memberships m join users u on u.id = m.user_id
            where m.tenant_id = :tenantId and m.user_id = :userId""")
    Optional<MemberRow> find(@Bind("tenantId") UUID tenantId, @Bind("userId") UUID userId);

    /** Owners of the tenant, locked, so two concurrent demotions cannot both pass the last-owner rule. */
    @SqlQuery("select user_id from memberships where tenant_id = :tenantId and role = 'owner' for update")
    List<UUID> lockOwners(@Bind("tenantId") UUID tenantId);

    @SqlUpdate("""
            update memberships set role = :role, version = version + 1, updated_at = now()
            where tenant_id = :tenantId and user_id = :userId""")
    boolean updateRole(@Bind("tenantId") UUID tenantId, @Bind("userId") UUID userId, @Bind("role") String role);

    @SqlUpdate("delete from memberships where tenant_id = :tenantId and user_id = :userId")
    boolean delete(@Bind("tenantId") UUID tenantId, @Bind("userId") UUID userId);
}
