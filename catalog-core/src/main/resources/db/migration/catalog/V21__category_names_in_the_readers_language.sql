-- Search cards and category facets showed each category's name as its supplier wrote it (the projection's
-- category_name and category_lineage_names), where every other read picks a translation in the reader's
-- language. Search reads the translations of the categories it shows after the page, acting for no tenant, as
-- all public reads do; translations of categories are the tenant's rows, so this function hands them out: of
-- the given categories only, of active suppliers only (whose names search shows in any case). The projection
-- and its triggers stay as they are.
create index category_translations_category_idx on category_translations (category_id);

create function search_category_translations(p_categories uuid[])
    returns table (category_id uuid, language text, name text)
    language sql stable security definer set search_path = ${schema} as
$$ select ct.category_id, ct.language, ct.name
     from category_translations ct join suppliers s on s.tenant_id = ct.tenant_id and s.active
    where ct.category_id = any(p_categories)
    order by ct.category_id, ct.language $$;

revoke all on function search_category_translations(uuid[]) from public;
grant execute on function search_category_translations(uuid[]) to ${app_role};
