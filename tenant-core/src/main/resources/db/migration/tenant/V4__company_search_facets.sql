-- Filters become lexemes of the search document ('kindsupplier', 'city' || md5(city), ...), so one
-- GIN lookup intersects the query's terms with its filters, instead of combining the GIN index with
-- a B-tree index (a bitmap AND that reads every row id of a large city). Values are hashed so any
-- city or category becomes one plain lexeme that no searched word can collide with.
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
$$;

select project_company(t) from tenants t where t.status = 'active';
