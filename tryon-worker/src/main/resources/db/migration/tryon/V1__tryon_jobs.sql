-- Virtual try-on jobs. A job's progress (queued, running, done, dead, cancelled), attempts and
-- last error live in the platform's queue row (jobs, queue 'tryon', dedup_key = the job id), so
-- one row is the truth for workers and readers alike; tryon_jobs holds what the user asked for and
-- the result. Rows belong to a user: row-level security shows each user only their own.
-- Runs as the schema owner; the service connects as ${app_role}, to which row-level security applies.

create function current_app_user() returns uuid language sql stable as
$$ select nullif(current_setting('app.user_id', true), '')::uuid $$;

create table tryon_jobs (
    user_id           uuid not null,
    id                uuid not null,
    -- The user's idempotency key.
    request_id        uuid not null,
    -- The tenant whose quota the job counts against, if any.
    tenant_id         uuid,
    person_photo_key  text not null,
    garment_photo_key text not null,
    -- Set by the worker before the job completes; the object holds the generated image.
    result_key        text,
    created_at        timestamptz not null default now(),
    updated_at        timestamptz not null default now(),
    primary key (user_id, id),
    unique (user_id, request_id)
);
-- The retention sweep reads the oldest jobs first.
create index tryon_jobs_created_idx on tryon_jobs (created_at);

-- Jobs submitted per UTC day, per user and per tenant, for the quotas. Global by nature (the
-- tenant counter is shared by its members); the policy says so explicitly.
create table tryon_quota_counts (
    day        date not null,
    kind       text not null check (kind in ('user', 'tenant')),
    subject    uuid not null,
    count      integer not null default 0,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    primary key (day, kind, subject)
);

alter table tryon_jobs enable row level security;
alter table tryon_jobs force row level security;
create policy tryon_jobs_owner on tryon_jobs
    using (user_id = current_app_user()) with check (user_id = current_app_user());

alter table tryon_quota_counts enable row level security;
alter table tryon_quota_counts force row level security;
create policy tryon_quota_counts_all on tryon_quota_counts using (true) with check (true);

-- The retention sweep must find every user's old jobs; this answers with their owners and ids
-- only, and the sweep then deletes each acting as its owner.
create function expired_tryon_jobs(p_before timestamptz, p_limit integer)
    returns table (user_id uuid, id uuid)
    language sql stable security definer set search_path = ${schema} as
$$ select j.user_id, j.id from tryon_jobs j where j.created_at < p_before order by j.created_at limit p_limit $$;

-- Watchers (WatchTryOnJob) are told when a job's queue row changes state or attempt, or when the
-- job is deleted: the payload is the job id. Heartbeats change neither, so they stay silent.
create function notify_tryon_job_change() returns trigger language plpgsql as
$$
begin
    if tg_table_name = 'jobs' then
        if new.queue = 'tryon' then
            perform pg_notify('tryon_job_changes', new.dedup_key);
        end if;
        return null;
    end if;
    perform pg_notify('tryon_job_changes', old.id::text);
    return null;
end
$$;
create trigger jobs_tryon_change after update on jobs for each row
    when (old.state is distinct from new.state or old.attempts is distinct from new.attempts)
    execute function notify_tryon_job_change();
create trigger tryon_jobs_deleted after delete on tryon_jobs for each row
    execute function notify_tryon_job_change();

grant usage on schema ${schema} to ${app_role};
grant select, insert, update, delete on tryon_jobs, tryon_quota_counts to ${app_role};
grant execute on function current_app_user(), expired_tryon_jobs(timestamptz, integer),
    notify_tryon_job_change() to ${app_role};
