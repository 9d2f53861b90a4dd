-- Accounts, tenants, memberships, invitations and contacts.
-- Runs as the schema owner; the service connects as ${app_role}, to which row-level security applies.

create function current_tenant() returns uuid language sql stable as
$$ select nullif(current_setting('app.tenant_id', true), '')::uuid $$;

create function current_app_user() returns uuid language sql stable as
$$ select nullif(current_setting('app.user_id', true), '')::uuid $$;

-- Accounts are global (a user may belong to many tenants), so these tables carry no tenant_id.
create table users (
    id                  uuid primary key,
    email               text not null,
    display_name        text not null,
    language            text not null default 'en',
    password_hash       text not null,
    email_verified_at   timestamptz,
    platform_admin      boolean not null default false,
    totp_secret         text,
    totp_pending_secret text,
    totp_enabled_at     timestamptz,
    version             bigint not null default 1,
    created_at          timestamptz not null default now(),
    updated_at          timestamptz not null default now()
);
create unique index users_email_key on users (lower(email));

-- A session is one refresh-token family.
create table sessions (
    id            uuid primary key,
    user_id       uuid not null references users (id) on delete cascade,
    user_agent    text not null default '',
    ip_address    text not null default '',
    last_used_at  timestamptz not null default now(),
    expires_at    timestamptz not null,
    revoked_at    timestamptz,
    revoke_reason text,
    created_at    timestamptz not null default now(),
    updated_at    timestamptz not null default now()
);
create index sessions_user_idx on sessions (user_id, created_at desc);

create table refresh_tokens (
    token_hash bytea primary key,
    session_id uuid not null references sessions (id) on delete cascade,
    expires_at timestamptz not null,
    used_at    timestamptz,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);
create index refresh_tokens_session_idx on refresh_tokens (session_id);

-- Emailed or short-lived single-use tokens, stored only as SHA-256 hashes.
create table one_time_tokens (
    token_hash bytea primary key,
    user_id    uuid not null references users (id) on delete cascade,
    purpose    text not null check (purpose in ('verify_email', 'password_reset', 'second_factor')),
    expires_at timestamptz not null,
    used_at    timestamptz,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);
create index one_time_tokens_user_idx on one_time_tokens (user_id, purpose);

create table recovery_codes (
    user_id    uuid not null references users (id) on delete cascade,
    code_hash  bytea not null,
    used_at    timestamptz,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    primary key (user_id, code_hash)
);

-- Access-token signing keys (ES256). The newest unretired key signs; all unretired keys verify.
create table signing_keys (
    kid         text primary key,
    private_jwk text not null,
    retired_at  timestamptz,
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now()
);

create table tenants (
    id                uuid primary key,
    slug              text not null,
    kind              text not null check (kind in ('supplier', 'buyer', 'both')),
    name              text not null,
    category          text not null default '',
    description       text not null default '',
    address_line1     text not null default '',
    address_line2     text not null default '',
    city              text not null default '',
    state             text not null default '',
    postal_code       text not null default '',
    country           text not null default '',
    phone             text not null default '',
    whatsapp          text not null default '',
    email             text not null default '',
    website           text not null default '',
    logo_url          text not null default '',
    hero_image_url    text not null default '',
    gallery_urls      text[] not null default '{}',
    default_language  text not null default 'en',
    default_currency  char(3) not null default 'INR',
    status            text not null default 'active' check (status in ('active', 'suspended')),
    created_by        uuid not null,
    create_request_id uuid,
    version           bigint not null default 1,
    created_at        timestamptz not null default now(),
    updated_at        timestamptz not null default now(),
    -- Company search ranks name over category over city and description.
    search            tsvector generated always as (
                          setweight(to_tsvector('english', name), 'A')
                          || setweight(to_tsvector('english', category), 'B')
                          || setweight(to_tsvector('english', city || ' ' || description), 'C')) stored
);
create unique index tenants_slug_key on tenants (slug);
create unique index tenants_create_request_key on tenants (created_by, create_request_id);
create index tenants_search_idx on tenants using gin (search);
create index tenants_city_idx on tenants (lower(city));
create index tenants_category_idx on tenants (lower(category));
create index tenants_name_idx on tenants (lower(name), id);

create table memberships (
    tenant_id  uuid not null references tenants (id) on delete cascade,
    user_id    uuid not null references users (id) on delete cascade,
    role       text not null check (role in ('owner', 'admin', 'catalog_manager', 'sales', 'support',
                                             'marketing', 'viewer')),
    version    bigint not null default 1,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    primary key (tenant_id, user_id)
);
create index memberships_user_idx on memberships (user_id, tenant_id);

create table invitations (
    id          uuid primary key,
    tenant_id   uuid not null references tenants (id) on delete cascade,
    email       text not null,
    role        text not null,
    token_hash  bytea not null unique,
    invited_by  uuid not null,
    expires_at  timestamptz not null,
    accepted_at timestamptz,
    revoked_at  timestamptz,
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now()
);
create index invitations_tenant_idx on invitations (tenant_id, created_at desc);

create table contacts (
    id          uuid primary key,
    tenant_id   uuid not null references tenants (id) on delete cascade,
    name        text not null,
    designation text not null default '',
    email       text not null default '',
    phone       text not null default '',
    whatsapp    text not null default '',
    version     bigint not null default 1,
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now()
);
create index contacts_tenant_idx on contacts (tenant_id, lower(name), id);

-- Row-level security: the acting tenant (and, for a user's own memberships, the acting user).
alter table tenants enable row level security;
alter table tenants force row level security;
create policy tenants_read on tenants for select using (status = 'active' or id = current_tenant());
create policy tenants_insert on tenants for insert with check (id = current_tenant());
create policy tenants_update on tenants for update using (id = current_tenant()) with check (id = current_tenant());
create policy tenants_delete on tenants for delete using (id = current_tenant());

alter table memberships enable row level security;
alter table memberships force row level security;
create policy memberships_read on memberships for select
    using (tenant_id = current_tenant() or user_id = current_app_user());
create policy memberships_write on memberships for all
    using (tenant_id = current_tenant()) with check (tenant_id = current_tenant());

alter table invitations enable row level security;
alter table invitations force row level security;
create policy invitations_tenant on invitations
    using (tenant_id = current_tenant()) with check (tenant_id = current_tenant());

alter table contacts enable row level security;
alter table contacts force row level security;
create policy contacts_tenant on contacts
    using (tenant_id = current_tenant()) with check (tenant_id = current_tenant());

grant usage on schema ${schema} to ${app_role};
grant select, insert, update, delete on users, sessions, refresh_tokens, one_time_tokens, recovery_codes,
    signing_keys, tenants, memberships, invitations, contacts to ${app_role};
grant execute on function current_tenant(), current_app_user() to ${app_role};
