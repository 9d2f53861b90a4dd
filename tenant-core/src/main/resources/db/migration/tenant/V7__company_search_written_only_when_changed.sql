-- Company search reads company_search (V3). The search column of tenants and the indexes that served
-- searching tenants directly were still computed and written on every write of a tenant, and read by
-- nothing.
drop index tenants_search_idx;
drop index tenants_city_idx;
drop index tenants_category_idx;
drop index tenants_name_idx;
alter table tenants drop column search;

-- A profile save writes every column back, most often with the searched ones as they were: the company's
-- row is recomputed only when one of them changed, and written only when what it holds changed (a
-- description edited in letter case alone leaves the same words). Same function as in V4 but for the
-- final where clause.
create or replace function project_company(t tenants) returns void
    language sql security definer set search_path = ${schema} as
$$
    insert into company_search (tenant_id, kind, name_key, city_key, category_key, name_terms, head_terms,
                                document)
    values (t.id, t.kind, lower(t.name), lower(t.city), lower(t.category),
            to_tsvector('english', t.name),
            to_tsvector('english', t.name || ' ' || t.category),
            setweight(to_tsvector('english', t.name), 'A')
            || setweight(to_tsvector('english', t.category), 'B')
            || setweight(to_tsvector('english', t.city || ' ' || t.description), 'C')
            || array_to_tsvector(array['kind' || t.kind, 'city' || md5(lower(t.city)),
                                       'category' || md5(lower(t.category))]))
    on conflict (tenant_id) do update
        set kind = excluded.kind, name_key = excluded.name_key, city_key = excluded.city_key,
            category_key = excluded.category_key, name_terms = excluded.name_terms,
            head_terms = excluded.head_terms, document = excluded.document, updated_at = now()
        where (company_search.kind, company_search.name_key, company_search.city_key, company_search.category_key,
               company_search.name_terms, company_search.head_terms, company_search.document)
              is distinct from
              (excluded.kind, excluded.name_key, excluded.city_key, excluded.category_key, excluded.name_terms,
               excluded.head_terms, excluded.document)
$$;

drop trigger tenants_company_search on tenants;
create trigger tenants_company_search after insert on tenants
    for each row execute function refresh_company_search();
create trigger tenants_company_search_changed after update on tenants
    for each row
    when ((old.kind, old.name, old.category, old.city, old.description, old.status)
          is distinct from (new.kind, new.name, new.category, new.city, new.description, new.status))
    execute function refresh_company_search();
