-- The Meta (WhatsApp) catalog feed: one secret token per tenant, stored only as its SHA-256 digest.
-- The feed URL carries the token; rotating it replaces the digest, so the old URL stops working at once.
create table meta_feeds (
    tenant_id          uuid primary key,
    token_digest       bytea not null check (length(token_digest) = 32),
    token_hint         text not null check (length(token_hint) between 1 and 8),
    rotated_at         timestamptz not null default now(),
    -- When a product left the catalog for good (deleted): the feed's Last-Modified cannot see a
    -- missing row's updated_at, so deletions are stamped here.
    items_removed_at   timestamptz not null default now(),
    created_at         timestamptz not null default now(),
    updated_at         timestamptz not null default now()
);
create unique index meta_feeds_token_key on meta_feeds (token_digest);

alter table meta_feeds enable row level security;
alter table meta_feeds force row level security;
create policy meta_feeds_tenant on meta_feeds
    using (tenant_id = current_tenant()) with check (tenant_id = current_tenant());

-- The one question a feed request may ask before it knows its tenant: whose token is this? Runs as
-- the schema owner and answers with the tenant id only, so the service role still reads no other
-- tenant's row.
create function meta_feed_tenant(p_digest bytea) returns uuid
    language sql stable security definer set search_path = ${schema} as
$$ select f.tenant_id from meta_feeds f where f.token_digest = p_digest $$;

create function meta_feed_product_deleted() returns trigger
    language plpgsql as
$$
begin
    update meta_feeds set items_removed_at = now() where tenant_id = old.tenant_id;
    return null;
end
$$;

create trigger products_meta_feed_deleted after delete on products
    for each row execute function meta_feed_product_deleted();

grant select, insert, update, delete on meta_feeds to ${app_role};
grant execute on function meta_feed_tenant(bytea) to ${app_role};
