package dev.tradeloom.tenant.store;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jdbi.v3.core.mapper.Nested;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jspecify.annotations.Nullable;

/** Tenants. Visibility follows row-level security: active tenants to all, any tenant to itself. */
public interface TenantDao {
    String COLUMNS = """
            t.id, t.slug, t.kind, t.name, t.category, t.description, t.address_line1, t.address_line2, t.city,
            t.state, t.postal_code, t.country, t.phone, t.whatsapp, t.email, t.website, t.logo_url,
            t.hero_image_url, t.gallery_urls, t.default_language, t.default_currency, t.status,
            t.suspension_reason, t.version, t.created_at, t.updated_at""";

    /** A tenant the user belongs to, with the user's role. */
    record Membership(@Nested TenantRow tenant, String role) {}

    /** Inserts a tenant; false when the slug is taken. */
    @SqlUpdate("""
            insert into tenants (id, slug, kind, name, category, description, address_line1, address_line2,
                                 city, state, postal_code, country, phone, whatsapp, email, website, logo_url,
                                 hero_image_url, gallery_urls, default_language, default_currency, created_by,
                                 create_request_id)
            values (:t.id, :t.slug, :t.kind, :t.name, :t.category, :t.description, :t.addressLine1,
                    :t.addressLine2, :t.city, :t.state, :t.postalCode, :t.country, :t.phone, :t.whatsapp,
                    :t.email, :t.website, :t.logoUrl, :t.heroImageUrl, :gallery, :t.defaultLanguage,
                    :t.defaultCurrency, :createdBy, :requestId)
            on conflict (slug) do nothing""")
    boolean insert(@BindMethods("t") TenantRow tenant, @Bind("gallery") String[] gallery,
                   @Bind("createdBy") UUID createdBy, @Bind("requestId") @Nullable UUID requestId);

    @SqlQuery("select " + COLUMNS + " from tenants t where t.id = :id")
    Optional<TenantRow> find(@Bind("id") UUID id);

    /** The tenant, locked until the transaction ends so that no other write of it commits meanwhile. */
    @SqlQuery("select " + COLUMNS + " from tenants t where t.id = :id for update")
    Optional<TenantRow> lock(@Bind("id") UUID id);

    @SqlQuery("select " + COLUMNS + " from tenants t where t.slug = :slug and t.status = 'active'")
    Optional<TenantRow> findActiveBySlug(@Bind("slug") String slug);

    @SqlQuery("select exists (select 1 from tenants where slug = :slug and id <> :id)")
    boolean slugTakenByOther(@Bind("slug") String slug, @Bind("id") UUID id);

    /** The tenant an earlier create with the same request id made, when the caller can see it. */
    @SqlQuery("""
            select t.id from tenants t
            where t.created_by = :createdBy and t.create_request_id = :requestId""")
    Optional<UUID> findCreated(@Bind("createdBy") UUID createdBy, @Bind("requestId") UUID requestId);

    /** Writes every editable column when the stored version is {@code expectedVersion}. */
    @SqlUpdate("""
            update tenants
            set slug = :t.slug, kind = :t.kind, name = :t.name, category = :t.category,
                description = :t.description, address_line1 = :t.addressLine1, address_line2 = :t.addressLine2,
                city = :t.city, state = :t.state, postal_code = :t.postalCode, country = :t.country,
                phone = :t.phone, whatsapp = :t.whatsapp, email = :t.email, website = :t.website,
                logo_url = :t.logoUrl, hero_image_url = :t.heroImageUrl, gallery_urls = :gallery,
                default_language = :t.defaultLanguage, default_currency = :t.defaultCurrency,
                version = version + 1, updated_at = now()
            where id = :t.id and version = :expectedVersion""")
    boolean update(@BindMethods("t") TenantRow tenant, @Bind("gallery") String[] gallery,
                   @Bind("expectedVersion") long expectedVersion);

    /** Sets the status ({@code active} or {@code suspended}) and the reason for it (empty when active). */
    @SqlUpdate("""
            update tenants set status = :status, suspension_reason = :reason, version = version + 1,
                               updated_at = now()
            where id = :id""")
    void setStatus(@Bind("id") UUID id, @Bind("status") String status, @Bind("reason") String reason);

    @SqlUpdate("delete from tenants where id = :id")
    boolean delete(@Bind("id") UUID id);

    /** The user's tenants after {@code afterId}, by tenant id. */
    @SqlQuery("select " + COLUMNS + """
            , m.role
            from memberships m join tenants t on t.id = m.tenant_id
            where m.user_id = :userId and (cast(:afterId as uuid) is null or t.id > :afterId)
            order by t.id
            limit :limit""")
    List<Membership> listForUser(@Bind("userId") UUID userId, @Bind("afterId") @Nullable UUID afterId,
                                 @Bind("limit") int limit);
}
