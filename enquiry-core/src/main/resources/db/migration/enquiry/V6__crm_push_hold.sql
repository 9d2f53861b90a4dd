-- A push that Zoho refused keeps the tenant's lease until its retry is due (push_retry_at, null while a
-- push runs), so the tenant's other pushes, which find the lease taken, are put back until then rather
-- than coming back every half second through the whole wait.
alter table crm_connections add column push_retry_at timestamptz;
