-- A handler that can deliver several of one tenant's jobs in one call (a CRM accepts up to 100 records
-- per upsert) looks up that tenant's other queued jobs; without this index the lookup would read the
-- whole backlog of every tenant.
create index jobs_queued_by_tenant_idx on jobs (queue, tenant_id, run_at) where state = 'queued';
