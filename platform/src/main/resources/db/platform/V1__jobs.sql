-- The durable job queue (ARCHITECTURE.md, "Background work"): the transactional outbox and every
-- worker use it. Jobs are system rows: they name their tenant for inspection, but carry no
-- row-level security, because one worker serves every tenant.
create table jobs (
    id           uuid primary key,
    queue        text not null,
    dedup_key    text not null,
    tenant_id    uuid,
    payload      jsonb not null,
    state        text not null default 'queued'
                     check (state in ('queued', 'running', 'done', 'dead', 'cancelled')),
    attempts     integer not null default 0,
    max_attempts integer not null default 10 check (max_attempts > 0),
    run_at       timestamptz not null default now(),
    lease_owner  text,
    lease_until  timestamptz,
    last_error   text,
    created_at   timestamptz not null default now(),
    updated_at   timestamptz not null default now(),
    unique (queue, dedup_key)
);
-- Claiming reads ready rows in run_at order and expired leases; both stay small partial indexes.
create index jobs_ready_idx on jobs (queue, run_at) where state = 'queued';
create index jobs_leased_idx on jobs (queue, lease_until) where state = 'running';
create index jobs_dead_idx on jobs (updated_at desc, id) where state = 'dead';

grant usage on schema ${schema} to ${app_role};
grant select, insert, update, delete on jobs to ${app_role};
