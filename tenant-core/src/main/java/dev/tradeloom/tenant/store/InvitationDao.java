package dev.tradeloom.tenant.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Invitations of the acting tenant; tokens are stored as digests. */
public interface InvitationDao {
    String COLUMNS = "id, tenant_id, email, role, invited_by, expires_at, accepted_at, revoked_at, created_at";

    @SqlUpdate("""
            insert into invitations (id, tenant_id, email, role, token_hash, invited_by, expires_at)
            values (:id, :tenantId, :email, :role, :hash, :invitedBy, :expiresAt)""")
    void insert(@Bind("id") UUID id, @Bind("tenantId") UUID tenantId, @Bind("email") String email,
                @Bind("role") String role, @Bind("hash") byte[] hash, @Bind("invitedBy") UUID invitedBy,
                @Bind("expiresAt") Instant expiresAt);

    @SqlQuery("select " + COLUMNS + """
             from invitations
            where tenant_id = :tenantId and accepted_at is null and revoked_at is null and expires_at > now()
            order by created_at desc
            limit 200""")
    List<InvitationRow> listPending(@Bind("tenantId") UUID tenantId);

    @SqlQuery("select " + COLUMNS + " from invitations where token_hash = :hash for update")
    Optional<InvitationRow> lockByToken(@Bind("hash") byte[] hash);

    @SqlUpdate("""
            update invitations set revoked_at = now(), updated_at = now()
            where id = :id and tenant_id = :tenantId and accepted_at is null and revoked_at is null""")
    boolean revoke(@Bind("tenantId") UUID tenantId, @Bind("id") UUID id);

    @SqlUpdate("update invitations set accepted_at = now(), updated_at = now() where id = :id")
    void markAccepted(@Bind("id") UUID id);

    /** Revokes the tenant's other pending invitations to {@code email} (stored in lower case). */
    @SqlUpdate("""
            update invitations set revoked_at = now(), updated_at = now()
            where tenant_id = :tenantId and email = :email and id <> :id
              and accepted_at is null and revoked_at is null""")
    int revokeOthersTo(@Bind("tenantId") UUID tenantId, @Bind("email") String email, @Bind("id") UUID id);
}
