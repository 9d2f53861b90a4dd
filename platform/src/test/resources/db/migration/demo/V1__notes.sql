create table notes (
    id uuid primary key,
    tenant_id uuid not null,
    body text not null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);
alter table notes enable row level security;
alter table notes force row level security;
create policy notes_tenant on notes
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
grant usage on schema demo to ${app_role};
grant select, insert, update, delete on notes to ${app_role};
