-- A supplier's CRM connection (Zoho CRM) and the lead id the CRM gave each pushed enquiry.
-- The secrets (client secret, refresh token) are sealed with AES-GCM by the service before they
-- reach the database; the key never does.
create table crm_connections (
    tenant_id         uuid primary key,
    provider          text not null default 'zoho' check (provider in ('zoho')),
    client_id         text not null,
    data_centre       text not null check (data_centre in ('us', 'eu', 'in', 'au', 'jp', 'ca')),
    external_id_field text not null,
    sealed_secrets    bytea not null,
    version           bigint not null default 1,
    created_at        timestamptz not null default now(),
    updated_at        timestamptz not null default now()
);

alter table crm_connections enable row level security;
alter table crm_connections force row level security;
create policy crm_connections_tenant on crm_connections
    using (tenant_id = current_tenant()) with check (tenant_id = current_tenant());

alter table enquiries add column crm_lead_id text;

grant select, insert, update, delete on crm_connections to ${app_role};
