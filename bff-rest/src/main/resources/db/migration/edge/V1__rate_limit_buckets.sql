-- Token buckets shared by every edge instance (RATE_LIMIT_STORE=postgres), written by Bucket4j:
-- one row per client and tier, the bucket's serialized state, and when a full bucket may be dropped.
create table rate_limit_buckets (
    id         text primary key,
    state      bytea,
    expires_at bigint
);

create index rate_limit_buckets_expires_at on rate_limit_buckets (expires_at);
