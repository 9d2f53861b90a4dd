-- Uploaded images of a tenant (objects in S3) and products referring to them by key.

create table images (
    tenant_id    uuid not null,
    id           uuid not null,
    -- The S3 object key: '<tenant_id>/images/<random>.<ext>', unguessable.
    key          text not null check (length(key) between 1 and 300),
    content_type text not null check (content_type in ('image/jpeg', 'image/png', 'image/webp')),
    size_bytes   bigint not null check (size_bytes > 0),
    created_at   timestamptz not null default now(),
    updated_at   timestamptz not null default now(),
    primary key (tenant_id, id),
    check (starts_with(key, tenant_id::text || '/'))
);
create unique index images_key_key on images (tenant_id, key);

alter table images enable row level security;
alter table images force row level security;
create policy images_tenant on images
    using (tenant_id = current_tenant()) with check (tenant_id = current_tenant());

grant select, insert, update, delete on images to ${app_role};

-- The i-th image of a product is an uploaded one when image_keys[i] is not empty (its URL is
-- then derived on read), else the external image_urls[i].
alter table products add column image_keys text[];
update products set image_keys = array_fill(''::text, array[cardinality(image_urls)]);
alter table products alter column image_keys set not null;
alter table products alter column image_keys set default '{}';
alter table products add constraint products_image_keys_check
    check (cardinality(image_keys) = cardinality(image_urls));
