-- The feed's validators come from a version that every change of the tenant's products or variants bumps
-- as it commits. The latest updated_at could not serve: it is the writing transaction's start, so a change
-- that began before another but committed after it, once a fetch had seen the other, left the next fetch
-- with the same ETag and a 304 for a feed that had changed. The bump runs at commit (a deferred trigger),
-- once per transaction, and the feed row's lock orders the bumps as the commits: a fetch that has seen a
-- version has seen every change before it.
alter table meta_feeds
    add column items_version    bigint not null default 0,
    add column items_changed_at timestamptz not null default now(),
    add column items_changed_by xid8;

-- Runs as the owner: a change in any scope bumps the tenant's version.
create function meta_feed_items_changed() returns trigger
    language plpgsql security definer set search_path = ${schema} as
$$
begin
    update meta_feeds
       set items_version = items_version + 1, items_changed_at = clock_timestamp(),
           items_changed_by = pg_current_xact_id()
     where tenant_id = coalesce(new.tenant_id, old.tenant_id)
       and items_changed_by is distinct from pg_current_xact_id();
    return null;
end
$$;

create constraint trigger products_meta_feed_items after insert or update or delete on products
    deferrable initially deferred
    for each row execute function meta_feed_items_changed();
create constraint trigger product_variants_meta_feed_items after insert or update or delete on product_variants
    deferrable initially deferred
    for each row execute function meta_feed_items_changed();

-- The version now counts deletions too.
drop trigger products_meta_feed_deleted on products;
drop function meta_feed_product_deleted();
alter table meta_feeds drop column items_removed_at;
