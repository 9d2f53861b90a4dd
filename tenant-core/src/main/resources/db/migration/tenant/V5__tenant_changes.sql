-- A change feed of tenants' public profiles for other services' read-models (ListTenantChanges).
-- Every insert or update of a tenant takes the next number of one sequence; a deleted tenant leaves
-- a tombstone with its own number. Readers remember the last number they applied.
-- Numbers must become visible in order, or a reader could pass a number whose transaction commits
-- later and miss that change for good. So each numbering transaction first takes one transaction-level
-- advisory lock: tenant writes (rare profile edits) commit one at a time, in number order.
create sequence tenant_change_seq;
grant usage on sequence tenant_change_seq to ${app_role};

alter table tenants add column change_seq bigint;
update tenants set change_seq = nextval('tenant_change_seq');
alter table tenants alter column change_seq set not null;
create index tenants_change_seq_idx on tenants (change_seq);

create function stamp_tenant_change() returns trigger language plpgsql as
$$
begin
    perform pg_advisory_xact_lock(hashtext('${schema}.tenant_change_seq'));
    new.change_seq := nextval('${schema}.tenant_change_seq');
    return new;
end
$$;

create trigger tenants_change_seq before insert or update on tenants
    for each row execute function stamp_tenant_change();

create table tenant_tombstones (
    tenant_id  uuid primary key,
    change_seq bigint not null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);
create index tenant_tombstones_change_seq_idx on tenant_tombstones (change_seq);

-- Only ids and numbers: nothing private, so readable by all; written only by the trigger below.
alter table tenant_tombstones enable row level security;
alter table tenant_tombstones force row level security;
create policy tenant_tombstones_public on tenant_tombstones for select using (true);
grant select on tenant_tombstones to ${app_role};

-- Runs as the schema owner (security definer), so the service role needs no write access.
create function record_tenant_tombstone() returns trigger
    language plpgsql security definer set search_path = ${schema} as
$$
begin
    perform pg_advisory_xact_lock(hashtext('${schema}.tenant_change_seq'));
    insert into tenant_tombstones (tenant_id, change_seq) values (old.id, nextval('tenant_change_seq'))
    on conflict (tenant_id) do update set change_seq = excluded.change_seq, updated_at = now();
    return old;
end
$$;

create trigger tenants_tombstone after delete on tenants
    for each row execute function record_tenant_tombstone();

-- The feed itself: public profile fields and status of every tenant (row-level security would hide
-- suspended ones, whose suspension readers must learn), and tombstones, in change order.
create function tenant_changes(p_after bigint, p_limit int)
    returns table (seq bigint, tenant_id uuid, deleted boolean, slug text, name text, kind text, city text,
                   default_language text, default_currency text, status text)
    language sql stable security definer set search_path = ${schema} as
$$
    select c.* from (
        select t.change_seq, t.id, false, t.slug, t.name, t.kind, t.city, t.default_language,
               t.default_currency::text, t.status
        from tenants t where t.change_seq > p_after
        union all
        select d.change_seq, d.tenant_id, true, '', '', '', '', '', '', ''
        from tenant_tombstones d where d.change_seq > p_after
    ) c
    order by 1
    limit p_limit
$$;
grant execute on function tenant_changes(bigint, int) to ${app_role};
