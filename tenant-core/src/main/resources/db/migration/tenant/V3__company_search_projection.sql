-- Company search reads a projection of active tenants. It is a table of its own because row-level
-- security keeps operators that are not leakproof, such as @@, away from indexes: searched on
-- tenants, every query would read every row. The projection holds only public facts of active
-- tenants, so its policy lets everyone read it; only the trigger below writes it.
create table company_search (
    tenant_id    uuid primary key references tenants (id) on delete cascade,
    kind         text not null,
    name_key     text not null,
    city_key     text not null,
    category_key text not null,
    -- Relevance tiers: the query matched by the name alone, by name and category, or anywhere.
    name_terms   tsvector not null,
    head_terms   tsvector not null,
    document     tsvector not null,
    created_at   timestamptz not null default now(),
    updated_at   timestamptz not null default now()
);
create index company_search_name_terms_idx on company_search using gin (name_terms);
create index company_search_head_terms_idx on company_search using gin (head_terms);
create index company_search_document_idx on company_search using gin (document);
create index company_search_browse_idx on company_search (name_key, tenant_id);
create index company_search_city_idx on company_search (city_key, tenant_id);
create index company_search_category_idx on company_search (category_key, tenant_id);

alter table company_search enable row level security;
create policy company_search_public on company_search for select using (true);
grant select on company_search to ${app_role};

create function project_company(t tenants) returns void
    language sql security definer set search_path = ${schema} as
$$
    insert into company_search (tenant_id, kind, name_key, city_key, category_key, name_terms, head_terms,
                                document)
    values (t.id, t.kind, lower(t.name), lower(t.city), lower(t.category),
            to_tsvector('english', t.name),
            to_tsvector('english', t.name || ' ' || t.category),
            setweight(to_tsvector('english', t.name), 'A')
            || setweight(to_tsvector('english', t.category), 'B')
            || setweight(to_tsvector('english', t.city || ' ' || t.description), 'C'))
    on conflict (tenant_id) do update
        set kind = excluded.kind, name_key = excluded.name_key, city_key = excluded.city_key,
            category_key = excluded.category_key, name_terms = excluded.name_terms,
            head_terms = excluded.head_terms, document = excluded.document, updated_at = now()
$$;

-- Runs as the schema owner (security definer), so the service role needs no write access.
create function refresh_company_search() returns trigger
    language plpgsql security definer set search_path = ${schema} as
$$
begin
    if new.status = 'active' then
        perform project_company(new);
    else
        delete from company_search where tenant_id = new.id;
    end if;
    return null;
end
$$;

create trigger tenants_company_search
    after insert or update of kind, name, category, city, description, status on tenants
    for each row execute function refresh_company_search();

select project_company(t) from tenants t where t.status = 'active';
