-- Products with variants, categories, tags, attribute definitions, their translations, and the
-- supplier read-model fed from tenant-core's change feed.
-- Runs as the schema owner; the service connects as ${app_role}, to which row-level security applies.
-- Every tenant-scoped key leads with tenant_id, so the schema can be distributed by tenant.

create function current_tenant() returns uuid language sql stable as
$$ select nullif(current_setting('app.tenant_id', true), '')::uuid $$;

-- Suppliers as tenant-core last reported them (ListTenantChanges); never written by clients.
create table suppliers (
    tenant_id        uuid primary key,
    slug             text not null,
    name             text not null,
    city             text not null default '',
    default_language text not null default 'en',
    active           boolean not null,
    change_seq       bigint not null,
    created_at       timestamptz not null default now(),
    updated_at       timestamptz not null default now()
);

-- Where each feed reader got to. Global: one row per feed, not per tenant.
create table sync_cursors (
    feed       text primary key,
    position   bigint not null check (position >= 0),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);

create table categories (
    tenant_id         uuid not null,
    id                uuid not null,
    parent_id         uuid,
    name              text not null check (length(name) between 1 and 200),
    description       text not null default '',
    taxonomy_id       text not null default '',
    create_request_id uuid,
    version           bigint not null default 1,
    created_at        timestamptz not null default now(),
    updated_at        timestamptz not null default now(),
    primary key (tenant_id, id),
    check (parent_id is null or parent_id <> id),
    -- A parent with children cannot be deleted; the service says so before trying.
    foreign key (tenant_id, parent_id) references categories (tenant_id, id) on delete restrict
);
create index categories_parent_idx on categories (tenant_id, parent_id, id);
create unique index categories_request_key on categories (tenant_id, create_request_id);

create table tags (
    tenant_id         uuid not null,
    id                uuid not null,
    name              text not null check (length(name) between 1 and 100),
    description       text not null default '',
    create_request_id uuid,
    version           bigint not null default 1,
    created_at        timestamptz not null default now(),
    updated_at        timestamptz not null default now(),
    primary key (tenant_id, id)
);
create unique index tags_name_key on tags (tenant_id, lower(name));
create unique index tags_request_key on tags (tenant_id, create_request_id);

create table attributes (
    tenant_id         uuid not null,
    id                uuid not null,
    key               text not null check (key ~ '^[a-z][a-z0-9_]{0,49}$'),
    name              text not null check (length(name) between 1 and 200),
    description       text not null default '',
    kind              text not null check (kind in ('text', 'number', 'enum')),
    allowed_values    text[] not null default '{}',
    create_request_id uuid,
    version           bigint not null default 1,
    created_at        timestamptz not null default now(),
    updated_at        timestamptz not null default now(),
    primary key (tenant_id, id),
    check ((kind = 'enum') = (cardinality(allowed_values) > 0))
);
create unique index attributes_key_key on attributes (tenant_id, key);
create unique index attributes_request_key on attributes (tenant_id, create_request_id);

-- Attribute values and images are ordered lists kept as parallel arrays on their row.
create table products (
    tenant_id         uuid not null,
    id                uuid not null,
    sku               text not null check (sku ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'),
    slug              text not null check (slug ~ '^[a-z0-9]([a-z0-9-]{0,98}[a-z0-9])?$'),
    name              text not null check (length(name) between 1 and 200),
    description       text not null default '',
    category_id       uuid,
    attribute_keys    text[] not null default '{}',
    attribute_values  text[] not null default '{}',
    price_minor       bigint not null check (price_minor >= 0),
    currency          char(3) not null check (currency ~ '^[A-Z]{3}$'),
    sale_price_minor  bigint check (sale_price_minor >= 0 and sale_price_minor <= price_minor),
    stock             bigint not null default 0 check (stock >= 0),
    status            text not null default 'draft' check (status in ('draft', 'active', 'archived')),
    image_urls        text[] not null default '{}',
    image_alt_texts   text[] not null default '{}',
    create_request_id uuid,
    version           bigint not null default 1,
    created_at        timestamptz not null default now(),
    updated_at        timestamptz not null default now(),
    primary key (tenant_id, id),
    check (cardinality(attribute_keys) = cardinality(attribute_values)),
    check (cardinality(image_urls) = cardinality(image_alt_texts)),
    foreign key (tenant_id, category_id) references categories (tenant_id, id) on delete set null (category_id)
);
create unique index products_sku_key on products (tenant_id, sku);
create unique index products_slug_key on products (tenant_id, slug);
create unique index products_request_key on products (tenant_id, create_request_id);
create index products_category_idx on products (tenant_id, category_id);

create table product_variants (
    tenant_id            uuid not null,
    id                   uuid not null,
    product_id           uuid not null,
    position             int not null check (position >= 0),
    sku                  text not null check (sku ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'),
    attribute_keys       text[] not null default '{}',
    attribute_values     text[] not null default '{}',
    price_override_minor bigint check (price_override_minor >= 0),
    stock                bigint not null default 0 check (stock >= 0),
    created_at           timestamptz not null default now(),
    updated_at           timestamptz not null default now(),
    primary key (tenant_id, id),
    check (cardinality(attribute_keys) = cardinality(attribute_values)),
    foreign key (tenant_id, product_id) references products (tenant_id, id) on delete cascade
);
create unique index product_variants_sku_key on product_variants (tenant_id, sku);
create index product_variants_product_idx on product_variants (tenant_id, product_id, position);

create table product_tags (
    tenant_id  uuid not null,
    product_id uuid not null,
    tag_id     uuid not null,
    position   int not null check (position >= 0),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    primary key (tenant_id, product_id, tag_id),
    foreign key (tenant_id, product_id) references products (tenant_id, id) on delete cascade,
    foreign key (tenant_id, tag_id) references tags (tenant_id, id) on delete cascade
);
create index product_tags_tag_idx on product_tags (tenant_id, tag_id);

-- Translations: one row per resource and language (BCP 47, stored as sent).
create table product_translations (
    tenant_id   uuid not null,
    product_id  uuid not null,
    language    text not null check (language ~ '^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,3}$'),
    name        text not null check (length(name) between 1 and 200),
    description text not null default '',
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now(),
    primary key (tenant_id, product_id, language),
    foreign key (tenant_id, product_id) references products (tenant_id, id) on delete cascade
);

create table category_translations (
    tenant_id   uuid not null,
    category_id uuid not null,
    language    text not null check (language ~ '^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,3}$'),
    name        text not null check (length(name) between 1 and 200),
    description text not null default '',
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now(),
    primary key (tenant_id, category_id, language),
    foreign key (tenant_id, category_id) references categories (tenant_id, id) on delete cascade
);

create table tag_translations (
    tenant_id   uuid not null,
    tag_id      uuid not null,
    language    text not null check (language ~ '^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,3}$'),
    name        text not null check (length(name) between 1 and 200),
    description text not null default '',
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now(),
    primary key (tenant_id, tag_id, language),
    foreign key (tenant_id, tag_id) references tags (tenant_id, id) on delete cascade
);

create table attribute_translations (
    tenant_id    uuid not null,
    attribute_id uuid not null,
    language     text not null check (language ~ '^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,3}$'),
    name         text not null check (length(name) between 1 and 200),
    description  text not null default '',
    created_at   timestamptz not null default now(),
    updated_at   timestamptz not null default now(),
    primary key (tenant_id, attribute_id, language),
    foreign key (tenant_id, attribute_id) references attributes (tenant_id, id) on delete cascade
);

-- Storefront visibility. These run as the schema owner (security definer) so that the policies
-- below can look at other tables without their policies referring back to each other.
create function supplier_is_active(p_tenant uuid) returns boolean
    language sql stable security definer set search_path = ${schema} as
$$ select exists (select 1 from suppliers s where s.tenant_id = p_tenant and s.active) $$;

create function product_has_stock(p_tenant uuid, p_product uuid, p_stock bigint) returns boolean
    language sql stable security definer set search_path = ${schema} as
$$
    select p_stock > 0
           or exists (select 1 from product_variants v
                      where v.tenant_id = p_tenant and v.product_id = p_product and v.stock > 0)
$$;

create function product_is_visible(p_tenant uuid, p_product uuid) returns boolean
    language sql stable security definer set search_path = ${schema} as
$$
    select exists (select 1 from products p
                   where p.tenant_id = p_tenant and p.id = p_product and p.status = 'active'
                     and supplier_is_active(p.tenant_id) and product_has_stock(p.tenant_id, p.id, p.stock))
$$;

-- Row-level security. A transaction acting for a tenant sees only that tenant's rows. A
-- transaction acting for no tenant (the storefront) sees only what buyers may see: active
-- suppliers and their active products with stock, with those products' variants, tags and
-- translations. Public policies never apply while a tenant is set, so a seller's transaction never
-- reads another tenant's rows.
alter table suppliers enable row level security;
alter table suppliers force row level security;
create policy suppliers_tenant on suppliers
    using (tenant_id = current_tenant()) with check (tenant_id = current_tenant());
create policy suppliers_public on suppliers for select using (current_tenant() is null and active);

-- Feed positions belong to the service, not to a tenant.
alter table sync_cursors enable row level security;
alter table sync_cursors force row level security;
create policy sync_cursors_service on sync_cursors using (true) with check (true);

alter table categories enable row level security;
alter table categories force row level security;
create policy categories_tenant on categories
    using (tenant_id = current_tenant()) with check (tenant_id = current_tenant());

alter table tags enable row level security;
alter table tags force row level security;
create policy tags_tenant on tags
    using (tenant_id = current_tenant()) with check (tenant_id = current_tenant());

alter table attributes enable row level security;
alter table attributes force row level security;
create policy attributes_tenant on attributes
    using (tenant_id = current_tenant()) with check (tenant_id = current_tenant());

alter table products enable row level security;
alter table products force row level security;
create policy products_tenant on products
    using (tenant_id = current_tenant()) with check (tenant_id = current_tenant());
create policy products_public on products for select
    using (current_tenant() is null and status = 'active' and supplier_is_active(tenant_id)
           and product_has_stock(tenant_id, id, stock));

alter table product_variants enable row level security;
alter table product_variants force row level security;
create policy product_variants_tenant on product_variants
    using (tenant_id = current_tenant()) with check (tenant_id = current_tenant());
create policy product_variants_public on product_variants for select
    using (current_tenant() is null and product_is_visible(tenant_id, product_id));

alter table product_tags enable row level security;
alter table product_tags force row level security;
create policy product_tags_tenant on product_tags
    using (tenant_id = current_tenant()) with check (tenant_id = current_tenant());
create policy product_tags_public on product_tags for select
    using (current_tenant() is null and product_is_visible(tenant_id, product_id));

alter table product_translations enable row level security;
alter table product_translations force row level security;
create policy product_translations_tenant on product_translations
    using (tenant_id = current_tenant()) with check (tenant_id = current_tenant());
create policy product_translations_public on product_translations for select
    using (current_tenant() is null and product_is_visible(tenant_id, product_id));

alter table category_translations enable row level security;
alter table category_translations force row level security;
create policy category_translations_tenant on category_translations
    using (tenant_id = current_tenant()) with check (tenant_id = current_tenant());

alter table tag_translations enable row level security;
alter table tag_translations force row level security;
create policy tag_translations_tenant on tag_translations
    using (tenant_id = current_tenant()) with check (tenant_id = current_tenant());

alter table attribute_translations enable row level security;
alter table attribute_translations force row level security;
create policy attribute_translations_tenant on attribute_translations
    using (tenant_id = current_tenant()) with check (tenant_id = current_tenant());

grant usage on schema ${schema} to ${app_role};
grant select, insert, update, delete on suppliers, sync_cursors, categories, tags, attributes, products,
    product_variants, product_tags, product_translations, category_translations, tag_translations,
    attribute_translations to ${app_role};
grant execute on function current_tenant(), supplier_is_active(uuid), product_has_stock(uuid, uuid, bigint),
    product_is_visible(uuid, uuid) to ${app_role};
