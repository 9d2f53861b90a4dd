-- Enquiries from buyers (or guests) to supplier tenants, the supplier's internal notes, the
-- supplier's notification settings and the guests' daily counters.
-- Runs as the schema owner; the service connects as ${app_role}, to which row-level security applies.
-- Keys lead with tenant_id so the schema can be distributed by tenant.

create function current_tenant() returns uuid language sql stable as
$$ select nullif(current_setting('app.tenant_id', true), '')::uuid $$;

create function current_app_user() returns uuid language sql stable as
$$ select nullif(current_setting('app.user_id', true), '')::uuid $$;

create table enquiries (
    tenant_id        uuid not null,
    id               uuid not null,
    -- The sender's idempotency key; unique per supplier.
    request_id       uuid,
    -- Null for a guest.
    buyer_user_id    uuid,
    -- Copied from tenant-core when the enquiry was sent.
    supplier_name    text not null,
    product_id       uuid,
    quantity         bigint not null default 0 check (quantity >= 0),
    quantity_unit    text not null default '',
    message          text not null check (length(message) between 1 and 5000),
    contact_name     text not null default '',
    contact_email    text not null default '',
    contact_phone    text not null default '',
    contact_company  text not null default '',
    status           text not null default 'new'
                         check (status in ('new', 'contacted', 'quoted', 'won', 'lost', 'spam')),
    assignee_user_id uuid,
    version          bigint not null default 1,
    created_at       timestamptz not null default now(),
    updated_at       timestamptz not null default now(),
    primary key (tenant_id, id),
    unique (tenant_id, request_id)
);
-- Inbox pages are newest first; ids are UUIDv7, so id order is creation order.
create index enquiries_inbox_idx on enquiries (tenant_id, id desc);
create index enquiries_status_idx on enquiries (tenant_id, status, id desc);
create index enquiries_assignee_idx on enquiries (tenant_id, assignee_user_id, id desc)
    where assignee_user_id is not null;
create index enquiries_product_idx on enquiries (tenant_id, product_id, id desc) where product_id is not null;
create index enquiries_buyer_idx on enquiries (buyer_user_id, id desc) where buyer_user_id is not null;

create table enquiry_notes (
    tenant_id      uuid not null,
    id             uuid not null,
    enquiry_id     uuid not null,
    author_user_id uuid not null,
    body           text not null check (length(body) between 1 and 5000),
    created_at     timestamptz not null default now(),
    updated_at     timestamptz not null default now(),
    primary key (tenant_id, id),
    foreign key (tenant_id, enquiry_id) references enquiries (tenant_id, id) on delete cascade
);
create index enquiry_notes_enquiry_idx on enquiry_notes (tenant_id, enquiry_id, id);

create table notification_settings (
    tenant_id           uuid primary key,
    notification_emails text[] not null default '{}',
    language            text not null default 'en' check (language in ('en', 'hi')),
    version             bigint not null default 1,
    created_at          timestamptz not null default now(),
    updated_at          timestamptz not null default now()
);

-- Guests' enquiries per day, counted per email address and per client address. Keys are
-- SHA-256 digests, so the table holds no address in clear.
create table guest_enquiry_counts (
    day        date not null,
    kind       text not null check (kind in ('email', 'address')),
    key_digest text not null,
    count      integer not null default 0,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    primary key (day, kind, key_digest)
);

-- Row-level security: the acting tenant sees its own rows; a buyer (app.user_id) also reads the
-- enquiries they sent, but never the supplier's notes or settings.
alter table enquiries enable row level security;
alter table enquiries force row level security;
create policy enquiries_tenant on enquiries
    using (tenant_id = current_tenant()) with check (tenant_id = current_tenant());
create policy enquiries_buyer_read on enquiries for select using (buyer_user_id = current_app_user());

alter table enquiry_notes enable row level security;
alter table enquiry_notes force row level security;
create policy enquiry_notes_tenant on enquiry_notes
    using (tenant_id = current_tenant()) with check (tenant_id = current_tenant());

alter table notification_settings enable row level security;
alter table notification_settings force row level security;
create policy notification_settings_tenant on notification_settings
    using (tenant_id = current_tenant()) with check (tenant_id = current_tenant());

-- The counters are global by nature (a guest writes to many suppliers); the policy says so
-- explicitly instead of leaving the table outside row-level security.
alter table guest_enquiry_counts enable row level security;
alter table guest_enquiry_counts force row level security;
create policy guest_enquiry_counts_all on guest_enquiry_counts using (true) with check (true);

grant usage on schema ${schema} to ${app_role};
grant select, insert, update, delete on enquiries, enquiry_notes, notification_settings, guest_enquiry_counts
    to ${app_role};
grant execute on function current_tenant(), current_app_user() to ${app_role};
