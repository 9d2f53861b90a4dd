package dev.tradeloom.catalog.store;

import java.util.Optional;
import java.util.UUID;

import org.jdbi.v3.core.result.ResultIterable;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.FetchSize;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The tenant's Meta feed token and the rows the feed is written from. */
public interface MetaFeedDao {
    /** Rows fetched per round trip while streaming: enough to keep the socket busy, small in memory. */
    int FETCH_SIZE = 500;

    /** Stores a new token digest for the tenant, replacing the previous one. */
    @SqlUpdate("""
            insert into meta_feeds (tenant_id, token_digest, token_hint) values (:tenantId, :digest, :hint)
            on conflict (tenant_id) do update
                set token_digest = excluded.token_digest, token_hint = excluded.token_hint, rotated_at = now(),
                    updated_at = now()""")
    void saveToken(@Bind("tenantId") UUID tenantId, @Bind("digest") byte[] digest, @Bind("hint") String hint);

    @SqlQuery("""
            select tenant_id, token_hint, rotated_at from meta_feeds
            where tenant_id = :tenantId""")
    Optional<MetaFeedRow> find(@Bind("tenantId") UUID tenantId);

    /** The tenant whose token has {@code digest}, through a function that reveals nothing else. */
    @SqlQuery("select t.id from (select meta_feed_tenant(:digest) as id) t where t.id is not null")
    Optional<UUID> tenantOf(@Bind("digest") byte[] digest);

    @SqlQuery("""
            select f.items_version, f.items_changed_at, s.name as supplier_name,
                   coalesce(s.active, false) as supplier_active, s.updated_at as supplier_changed_at
              from meta_feeds f
              left join suppliers s on s.tenant_id = f.tenant_id
             where f.tenant_id = :tenantId""")
    Optional<MetaFeedState> state(@Bind("tenantId") UUID tenantId);

    /**
     * The feed's items: active products with an image (Meta rejects an item without {@code g:image_link})
     * of an active supplier, each with its variants in order (one row per variant) or alone when it has
     * none. Iterated with a cursor inside the caller's transaction, so memory stays flat in the catalog's size.
     */
    @SqlQuery("""
            select p.id as product_id, p.sku, p.slug, p.name, p.description, p.attribute_keys, p.attribute_values,
                   p.price_minor, p.currency, p.sale_price_minor, p.stock, p.image_urls, p.image_keys,
                   p.meta_small_images,
                   v.sku as variant_sku,
                   coalesce(v.attribute_keys, '{}') as variant_attribute_keys,
                   coalesce(v.attribute_values, '{}') as variant_attribute_values,
                   v.price_override_minor as variant_price_override_minor, v.stock as variant_stock
              from products p
              join suppliers s on s.tenant_id = p.tenant_id and s.active
              left join product_variants v on v.tenant_id = p.tenant_id and v.product_id = p.id
             where p.tenant_id = :tenantId and p.status = 'active' and cardinality(p.image_urls) > 0
             order by p.id, v.position""")
    @FetchSize(FETCH_SIZE)
    ResultIterable<MetaFeedItemRow> items(@Bind("tenantId") UUID tenantId);
}
