-- A category may not move below itself. The service checks before it writes, but two moves at once
-- (X under Y, Y under X) each miss the other's uncommitted change and together close a loop, which
-- every walk up the tree would then follow forever. This check serialises the tenant's moves with a
-- transaction lock and, run after the wait, sees under READ COMMITTED what the other move committed.
-- Only writes that change a parent take the lock, always the same way, so it adds no deadlock.
create function check_category_not_below_itself() returns trigger
    language plpgsql security definer set search_path = ${schema} as
$$
begin
    perform pg_advisory_xact_lock(hashtextextended('catalog.category_tree ' || new.tenant_id::text, 0));
    if exists (with recursive up (id, parent_id) as (
                   select c.id, c.parent_id from categories c
                    where c.tenant_id = new.tenant_id and c.id = new.parent_id
                   union
                   select c.id, c.parent_id from categories c join up on c.id = up.parent_id
                    where c.tenant_id = new.tenant_id)
               select 1 from up where up.id = new.id) then
        raise exception 'Category % would lie below itself', new.id
            using errcode = 'check_violation', constraint = 'categories_parent_not_below';
    end if;
    return null;
end
$$;

create trigger categories_parent_not_below after update of parent_id on categories
    for each row when (new.parent_id is not null and old.parent_id is distinct from new.parent_id)
    execute function check_category_not_below_itself();
