package dev.tradeloom.catalog.store;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jspecify.annotations.Nullable;

/**
 * Products with their variants and tags. Visibility follows row-level security: a tenant's own
 * rows when acting for a tenant, storefront-visible rows when acting for none.
 */
public interface ProductDao {
    String COLUMNS = """
            p.tenant_id, p.id, p.sku, p.slug, p.name, p.description, p.category_id, p.attribute_keys,
            p.attribute_values, p.price_minor, p.currency, p.sale_price_minor, p.stock, p.status, p.image_urls,
            p.image_alt_texts, p.image_keys, p.version, p.created_at, p.updated_at""";
    String VARIANT_COLUMNS = """
            v.tenant_id, v.id, v.product_id, v.position, v.sku, v.attribute_keys, v.attribute_values,
            v.price_override_minor, v.stock""";

    /**
     * The 0-based positions in {@code :imageKeys} of the tenant's uploaded images smaller than Meta's catalog
     * takes (500×500 pixels).
     */
    String META_SMALL_IMAGES = "small_image_positions(:p.tenantId, cast(:imageKeys as text[]))";

    @SqlUpdate("""
            insert into products (tenant_id, id, sku, slug, name, description, category_id, attribute_keys,
                                  attribute_values, price_minor, currency, sale_price_minor, stock, status,
                                  image_urls, image_alt_texts, image_keys, meta_small_images, create_request_id)
            values (:p.tenantId, :p.id, :p.sku, :p.slug, :p.name, :p.description, :p.categoryId, :keys, :values,
                    :p.priceMinor, :p.currency, :p.salePriceMinor, :p.stock, :p.status, :urls, :alts,
                    :imageKeys, """ + META_SMALL_IMAGES + ", :requestId)")
    void insert(@BindMethods("p") ProductRow product, @Bind("keys") String[] attributeKeys,
                @Bind("values") String[] attributeValues, @Bind("urls") String[] imageUrls,
                @Bind("alts") String[] imageAltTexts, @Bind("imageKeys") String[] imageKeys,
                @Bind("requestId") @Nullable UUID requestId);

    @SqlQuery("select " + COLUMNS + " from products p where p.tenant_id = :tenantId and p.id = :id")
    Optional<ProductRow> find(@Bind("tenantId") UUID tenantId, @Bind("id") UUID id);

    @SqlQuery("select " + COLUMNS + " from products p where p.tenant_id = :tenantId and p.slug = :slug")
    Optional<ProductRow> findBySlug(@Bind("tenantId") UUID tenantId, @Bind("slug") String slug);

    /** The product an earlier create with the same request id made. */
    @SqlQuery("select p.id from products p where p.tenant_id = :tenantId and p.create_request_id = :requestId")
    Optional<UUID> findCreated(@Bind("tenantId") UUID tenantId, @Bind("requestId") UUID requestId);

    /** The tenant's products after {@code afterId}, by id (creation order, ids being UUIDv7). */
    @SqlQuery("select " + COLUMNS + """
             from products p
            where p.tenant_id = :tenantId and (cast(:afterId as uuid) is null or p.id > :afterId)
            order by p.id
            limit :limit""")
    List<ProductRow> list(@Bind("tenantId") UUID tenantId, @Bind("afterId") @Nullable UUID afterId,
                          @Bind("limit") int limit);

    /** Writes every editable column when the stored version is {@code expectedVersion}. */
    @SqlUpdate("""
            update products
            set sku = :p.sku, slug = :p.slug, name = :p.name, description = :p.description,
                category_id = :p.categoryId, attribute_keys = :keys, attribute_values = :values,
                price_minor = :p.priceMinor, currency = :p.currency, sale_price_minor = :p.salePriceMinor,
                stock = :p.stock, status = :p.status, image_urls = :urls, image_alt_texts = :alts,
                image_keys = :imageKeys, version = version + 1, updated_at = now(),
                meta_small_images = """ + META_SMALL_IMAGES + """

            where tenant_id = :p.tenantId and id = :p.id and version = :expectedVersion""")
    boolean update(@BindMethods("p") ProductRow product, @Bind("keys") String[] attributeKeys,
                   @Bind("values") String[] attributeValues, @Bind("urls") String[] imageUrls,
                   @Bind("alts") String[] imageAltTexts, @Bind("imageKeys") String[] imageKeys,
                   @Bind("expectedVersion") long expectedVersion);

    /** Deletes the row when it is still at {@code version}; any version when that is null. */
    @SqlUpdate("""
            delete from products where tenant_id = :tenantId and id = :id
               and (cast(:version as bigint) is null or version = :version)""")
    boolean delete(@Bind("tenantId") UUID tenantId, @Bind("id") UUID id, @Bind("version") @Nullable Long version);

    /** The variants of {@code productIds}, in each product's order. */
    @SqlQuery("select " + VARIANT_COLUMNS + """
             from product_variants v
            where v.tenant_id = :tenantId and v.product_id in (<productIds>)
            order by v.product_id, v.position""")
    List<VariantRow> variants(@Bind("tenantId") UUID tenantId, @BindList("productIds") List<UUID> productIds);

    /** Removes the product's variants whose ids are not in {@code keep}. */
    @SqlUpdate("""
            delete from product_variants
            where tenant_id = :tenantId and product_id = :productId and not (id = any(:keep))""")
    void deleteVariantsExcept(@Bind("tenantId") UUID tenantId, @Bind("productId") UUID productId,
                              @Bind("keep") UUID[] keep);

    /**
     * Gives the product's variants a placeholder SKU of their own (valid and unique: made of the id)
     * before they are rewritten one by one, so that variants may swap SKUs without colliding midway.
     */
    @SqlUpdate("""
            update product_variants set sku = 'x' || replace(id::text, '-', '')
            where tenant_id = :tenantId and product_id = :productId""")
    void parkVariantSkus(@Bind("tenantId") UUID tenantId, @Bind("productId") UUID productId);

    /** Inserts a variant or rewrites the stored one with the same id (of the same product). */
    @SqlUpdate("""
            insert into product_variants (tenant_id, id, product_id, position, sku, attribute_keys,
                                          attribute_values, price_override_minor, stock)
            values (:v.tenantId, :v.id, :v.productId, :v.position, :v.sku, :keys, :values, :v.priceOverrideMinor,
                    :v.stock)
            on conflict (tenant_id, id) do update
                set position = excluded.position, sku = excluded.sku, attribute_keys = excluded.attribute_keys,
                    attribute_values = excluded.attribute_values,
                    price_override_minor = excluded.price_override_minor, stock = excluded.stock,
                    updated_at = now()
                where product_variants.product_id = excluded.product_id""")
    void upsertVariant(@BindMethods("v") VariantRow variant, @Bind("keys") String[] attributeKeys,
                       @Bind("values") String[] attributeValues);

    /** The tags of {@code productIds}, in each product's order. */
    @SqlQuery("""
            select t.product_id, t.tag_id, t.position from product_tags t
            where t.tenant_id = :tenantId and t.product_id in (<productIds>)
            order by t.product_id, t.position""")
    List<ProductTagRow> tags(@Bind("tenantId") UUID tenantId, @BindList("productIds") List<UUID> productIds);

    /** Removes the product's tags that are not in {@code keep}. */
    @SqlUpdate("""
            delete from product_tags
            where tenant_id = :tenantId and product_id = :productId and not (tag_id = any(:keep))""")
    void deleteTagsExcept(@Bind("tenantId") UUID tenantId, @Bind("productId") UUID productId,
                          @Bind("keep") UUID[] keep);

    /**
     * Gives the product {@code tagIds} (no repeats), in that order: adds the new ones and moves the others,
     * leaving a tag already in its place untouched, so a save that keeps the tags writes none.
     */
    @SqlUpdate("""
            insert into product_tags (tenant_id, product_id, tag_id, position)
            select :tenantId, :productId, t.id, t.ord - 1
            from unnest(:tagIds) with ordinality as t(id, ord)
            on conflict (tenant_id, product_id, tag_id) do update
                set position = excluded.position, updated_at = now()
                where product_tags.position <> excluded.position""")
    void upsertTags(@Bind("tenantId") UUID tenantId, @Bind("productId") UUID productId,
                    @Bind("tagIds") UUID[] tagIds);

    /**
     * Gives the products that carry tag {@code tagId} a new version, before the tag is deleted and taken
     * off them: their etag changes with their tags. Returns the number of products changed.
     */
    @SqlUpdate("""
            update products p set version = p.version + 1, updated_at = now()
             where p.tenant_id = :tenantId
               and p.id in (select t.product_id from product_tags t
                             where t.tenant_id = :tenantId and t.tag_id = :tagId)""")
    int touchTagged(@Bind("tenantId") UUID tenantId, @Bind("tagId") UUID tagId);

    /**
     * Takes the products in category {@code categoryId} out of it, before it is deleted, giving each a new
     * version: their etag changes with their category. Returns the number of products changed.
     */
    @SqlUpdate("""
            update products set category_id = null, version = version + 1, updated_at = now()
             where tenant_id = :tenantId and category_id = :categoryId""")
    int uncategorise(@Bind("tenantId") UUID tenantId, @Bind("categoryId") UUID categoryId);

    /**
     * Removes from the tenant's products and variants the values of attribute {@code key} that its
     * definition, as this transaction sees it, does not allow: all of them when there is none (migration V18,
     * {@code attribute_value_allowed}). Each product changed, or whose variant changed, gets a new version;
     * the triggers re-project it. Returns the number of products changed.
     */
    @SqlUpdate("""
            with variants as (
                update product_variants v
                   set (attribute_keys, attribute_values) = (
                           select coalesce(array_agg(a.k order by a.i), '{}'),
                                  coalesce(array_agg(a.val order by a.i), '{}')
                             from unnest(v.attribute_keys, v.attribute_values) with ordinality a(k, val, i)
                             left join attributes d on d.tenant_id = v.tenant_id and d.key = a.k
                            where a.k <> :key or attribute_value_allowed(d.kind, d.allowed_values, a.val)),
                       updated_at = now()
                 where v.tenant_id = :tenantId and :key = any(v.attribute_keys)
                   and exists (select 1 from unnest(v.attribute_keys, v.attribute_values) a(k, val)
                                 left join attributes d on d.tenant_id = v.tenant_id and d.key = a.k
                                where a.k = :key
                                  and not attribute_value_allowed(d.kind, d.allowed_values, a.val))
                returning v.product_id
            )
            update products p
               set (attribute_keys, attribute_values) = (
                       select coalesce(array_agg(a.k order by a.i), '{}'),
                              coalesce(array_agg(a.val order by a.i), '{}')
                         from unnest(p.attribute_keys, p.attribute_values) with ordinality a(k, val, i)
                         left join attributes d on d.tenant_id = p.tenant_id and d.key = a.k
                        where a.k <> :key or attribute_value_allowed(d.kind, d.allowed_values, a.val)),
                   version = p.version + 1, updated_at = now()
             where p.tenant_id = :tenantId
               and ((:key = any(p.attribute_keys)
                     and exists (select 1 from unnest(p.attribute_keys, p.attribute_values) a(k, val)
                                   left join attributes d on d.tenant_id = p.tenant_id and d.key = a.k
                                  where a.k = :key
                                    and not attribute_value_allowed(d.kind, d.allowed_values, a.val)))
                    or p.id in (select product_id from variants))""")
    int removeDisallowedValues(@Bind("tenantId") UUID tenantId, @Bind("key") String key);

    /**
     * Recomputes which images Meta's feed leaves out of the tenant's products that show any of {@code keys},
     * once their sizes are known; neither the product's version nor its etag changes (what the seller sees of
     * it is the same). Returns how many products changed.
     */
    @SqlUpdate("""
            update products p
               set meta_small_images = small_image_positions(p.tenant_id, p.image_keys)
             where p.tenant_id = :tenantId and p.image_keys && cast(:keys as text[])
               and p.meta_small_images <> small_image_positions(p.tenant_id, p.image_keys)""")
    int refreshMetaSmallImages(@Bind("tenantId") UUID tenantId, @Bind("keys") String[] keys);
}
