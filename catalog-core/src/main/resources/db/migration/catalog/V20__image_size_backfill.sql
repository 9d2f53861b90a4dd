-- Which uploaded images of a product Meta's catalog refuses for their size (under 500×500 pixels): the 0-based
-- positions in keys of the tenant's images known to be that small. Products store it as meta_small_images
-- when they are written; the backfill of sizes below refreshes it.
create function small_image_positions(p_tenant_id uuid, p_keys text[]) returns int[]
    language sql stable set search_path = ${schema} as
$$ select coalesce(array_agg(cast(k.position - 1 as int) order by k.position), '{}')
     from unnest(p_keys) with ordinality as k(key, position)
     join images i on i.tenant_id = p_tenant_id and i.key = k.key
    where i.width < 500 or i.height < 500 $$;

-- Images recorded before V19 have no size. catalog-core lists them across tenants, in id order, reads each
-- one's header and records its size in the tenant's own transaction.
create index images_unsized_idx on images (id) where width is null;

create function unsized_images(p_after uuid, p_limit integer)
    returns table (tenant_id uuid, id uuid, key text)
    language sql stable security definer set search_path = ${schema} as
$$ select i.tenant_id, i.id, i.key from images i where i.width is null and i.id > p_after
    order by i.id limit p_limit $$;

revoke all on function unsized_images(uuid, integer) from public;
grant execute on function small_image_positions(uuid, text[]) to ${app_role};
grant execute on function unsized_images(uuid, integer) to ${app_role};
