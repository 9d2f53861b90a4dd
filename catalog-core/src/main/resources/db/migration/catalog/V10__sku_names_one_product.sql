-- A SKU names the items of one product: a product's SKU may not be another product's variant's, nor the
-- reverse. Each table's unique index covers its own rows; across the two, the Meta feed would otherwise
-- give two items one g:id. A product's variants may share its own SKU (it is their item group's id).
-- The check serialises the tenant's SKU changes with a transaction lock, so two transactions cannot each
-- miss the other's uncommitted SKU; under READ COMMITTED the check, run after the wait, sees what the
-- other committed. Only writes that change a SKU take it, and every lock of it is taken the same way, so
-- it adds no deadlock. The trigger's argument names the column holding the row's product id.
create function check_sku_names_one_product() returns trigger
    language plpgsql security definer set search_path = ${schema} as
$$
declare
    owner uuid := (to_jsonb(new) ->> tg_argv[0])::uuid;
begin
    perform pg_advisory_xact_lock(hashtextextended('catalog.sku ' || new.tenant_id::text, 0));
    if exists (select 1 from products p
                where p.tenant_id = new.tenant_id and p.sku = new.sku and p.id <> owner)
       or exists (select 1 from product_variants v
                   where v.tenant_id = new.tenant_id and v.sku = new.sku and v.product_id <> owner) then
        raise exception 'SKU % names an item of another product of this tenant', new.sku
            using errcode = 'unique_violation', constraint = 'product_items_sku_key';
    end if;
    return null;
end
$$;

create trigger products_sku_names_one_product after insert on products
    for each row execute function check_sku_names_one_product('id');
create trigger products_sku_changed_names_one_product after update of sku on products
    for each row when (old.sku is distinct from new.sku)
    execute function check_sku_names_one_product('id');
create trigger product_variants_sku_names_one_product after insert on product_variants
    for each row execute function check_sku_names_one_product('product_id');
create trigger product_variants_sku_changed_names_one_product after update of sku, product_id on product_variants
    for each row when ((old.sku, old.product_id) is distinct from (new.sku, new.product_id))
    execute function check_sku_names_one_product('product_id');
