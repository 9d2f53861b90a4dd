-- A category filter finds the products of its subcategories too ("Sarees" finds those filed under "Silk
-- sarees"): a document holds the lexeme of its product's category and of each of its ancestors. The
-- lexemes now read the category tree, so the function is stable, not immutable; only project_product
-- (security definer, the schema's owner) calls it.
create or replace function product_filter_lexemes(p_tenant uuid, p_category uuid, p_city text,
                                                  p_attributes text[])
    returns text[] language sql stable as
$$
    select array['all' || md5(''),
                 'sup' || replace(p_tenant::text, '-', ''),
                 'city' || md5(lower(p_city))]
           || coalesce((with recursive lineage (id, parent_id) as (
                            select c.id, c.parent_id from categories c
                             where c.tenant_id = p_tenant and c.id = p_category
                            union all
                            select c.id, c.parent_id from categories c join lineage l on c.id = l.parent_id
                             where c.tenant_id = p_tenant)
                          cycle id set looped using path
                        select array_agg('cat' || replace(id::text, '-', '')) from lineage where not looped),
                       '{}')
           || coalesce((select array_agg('attr' || md5(lower(a collate pg_c_utf8)))
                          from unnest(p_attributes) a), '{}')
$$;

-- A category moved under another parent (or to the top) changes the lineage of every product filed in it
-- or below it.
create function search_category_moved() returns trigger
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
    loop
        perform project_product(r.tenant_id, r.id);
    end loop;
    return null;
end
$$;
create trigger categories_search_moved after update of parent_id on categories
    for each row when (old.parent_id is distinct from new.parent_id)
    execute function search_category_moved();

-- Documents of products filed in a subcategory get their ancestors' lexemes.
select project_product(p.tenant_id, p.id)
  from products p
  join categories c on c.tenant_id = p.tenant_id and c.id = p.category_id
 where c.parent_id is not null;
