-- A supplier's arrival, or a change to what its products show of it, re-projects its products, and a product
-- saved meanwhile projects itself: each read only what the other had committed. A product inserted while
-- its supplier's row was being inserted found no supplier and stayed out of search, and the supplier's loop
-- could not see the product either (row locks cannot wait for a row not yet committed). Now a product's
-- projection holds its tenant's search lock in share mode until it commits, and a supplier's re-projection
-- takes the lock exclusively first: whichever comes second waits for the first to commit and then reads
-- what it committed. Product saves still run side by side. The supplier's loop needs no row locks any more;
-- with them, it would wait for a product that waits for its lock.
create function lock_tenant_search(p_tenant uuid, p_exclusive boolean) returns void
    language plpgsql as
$$
begin
    if p_exclusive then
        perform pg_advisory_xact_lock(hashtextextended('catalog.search ' || p_tenant::text, 0));
    else
        perform pg_advisory_xact_lock_shared(hashtextextended('catalog.search ' || p_tenant::text, 0));
    end if;
end
$$;

create or replace function search_product_changed() returns trigger
    language plpgsql security definer set search_path = ${schema} as
$$
begin
    if tg_op = 'DELETE' then
        perform lock_tenant_search(old.tenant_id, false);
        perform project_product(old.tenant_id, old.id);
    else
        perform lock_tenant_search(new.tenant_id, false);
        perform project_product(new.tenant_id, new.id);
    end if;
    return null;
end
$$;

create or replace function search_product_child_changed() returns trigger
    language plpgsql security definer set search_path = ${schema} as
$$
begin
    if tg_op = 'DELETE' then
        perform lock_tenant_search(old.tenant_id, false);
        perform project_product(old.tenant_id, old.product_id);
    elsif tg_op = 'INSERT' then
        perform lock_tenant_search(new.tenant_id, false);
        perform project_product(new.tenant_id, new.product_id);
    else
        perform lock_tenant_search(new.tenant_id, false);
        if old.product_id <> new.product_id then
            perform project_product(old.tenant_id, old.product_id);
        end if;
        perform project_product(new.tenant_id, new.product_id);
    end if;
    return null;
end
$$;

create or replace function search_supplier_changed() returns trigger
    language plpgsql security definer set search_path = ${schema} as
$$
declare
    r record;
begin
    perform lock_tenant_search(new.tenant_id, true);
    for r in select p.tenant_id, p.id from products p where p.tenant_id = new.tenant_id order by p.id
    loop
        perform project_product(r.tenant_id, r.id);
    end loop;
    return null;
end
$$;
