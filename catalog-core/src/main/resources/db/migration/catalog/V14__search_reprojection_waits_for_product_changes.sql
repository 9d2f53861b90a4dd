-- A change to a category, a tag or a supplier re-projects each of its products from what the product row
-- holds. Read without a lock, that is the last committed version: a product archived by a transaction
-- still open was written back into search (and its supplier's suspension likewise undone) once both
-- committed. Each loop now takes its products' rows in share mode, in id order: it waits for a change
-- in flight and then projects what that change committed, while a product change that comes later waits
-- for the loop and re-projects after it. Share locks live on the rows, so a loop over a large catalog
-- holds no lock-table entries.
create or replace function search_category_changed() returns trigger
    language plpgsql security definer set search_path = ${schema} as
$$
declare
    changed jsonb := to_jsonb(coalesce(new, old));
    r record;
begin
    for r in select p.tenant_id, p.id from products p
              where p.tenant_id = (changed ->> 'tenant_id')::uuid
                and p.category_id = (changed ->> tg_argv[0])::uuid
              order by p.id
                for share
    loop
        perform project_product(r.tenant_id, r.id);
    end loop;
    return null;
end
$$;

create or replace function search_tag_changed() returns trigger
    language plpgsql security definer set search_path = ${schema} as
$$
declare
    changed jsonb := to_jsonb(coalesce(new, old));
    r record;
begin
    for r in select p.tenant_id, p.id from product_tags pt
               join products p on p.tenant_id = pt.tenant_id and p.id = pt.product_id
              where pt.tenant_id = (changed ->> 'tenant_id')::uuid
                and pt.tag_id = (changed ->> tg_argv[0])::uuid
              order by p.id
                for share of p
    loop
        perform project_product(r.tenant_id, r.id);
    end loop;
    return null;
end
$$;

create or replace function search_supplier_changed() returns trigger
    language plpgsql security definer set search_path = ${schema} as
$$
declare
    r record;
begin
    for r in select p.tenant_id, p.id from products p where p.tenant_id = new.tenant_id
              order by p.id
                for share
    loop
        perform project_product(r.tenant_id, r.id);
    end loop;
    return null;
end
$$;

create or replace function search_category_moved() returns trigger
    language plpgsql security definer set search_path = ${schema} as
$$
declare
    r record;
begin
    for r in with recursive subtree (id) as (
                 select new.id
                 union
                 select c.id from categories c join subtree s on c.parent_id = s.id
                  where c.tenant_id = new.tenant_id)
             select p.tenant_id, p.id from products p
              where p.tenant_id = new.tenant_id and p.category_id in (select id from subtree)
              order by p.id
                for share of p
    loop
        perform project_product(r.tenant_id, r.id);
    end loop;
    return null;
end
$$;
