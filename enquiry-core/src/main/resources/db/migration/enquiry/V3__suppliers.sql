-- Supplier tenants as tenant-core last reported them (ListTenantChanges), so an enquiry is accepted
-- without asking tenant-core, even while it is away. Never written by clients.
create table suppliers (
    tenant_id   uuid primary key,
    name        text not null,
    -- False for buyer-only tenants: they take no enquiries.
    is_supplier boolean not null,
    -- False once suspended or deleted.
    active      boolean not null,
    change_seq  bigint not null,
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now()
);

-- Where each feed reader got to. Global: one row per feed, not per tenant.
create table sync_cursors (
    feed       text primary key,
    position   bigint not null check (position >= 0),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);

alter table suppliers enable row level security;
alter table suppliers force row level security;
create policy suppliers_tenant on suppliers
    using (tenant_id = current_tenant()) with check (tenant_id = current_tenant());

alter table sync_cursors enable row level security;
alter table sync_cursors force row level security;
create policy sync_cursors_service on sync_cursors using (true) with check (true);

grant select, insert, update, delete on suppliers, sync_cursors to ${app_role};
