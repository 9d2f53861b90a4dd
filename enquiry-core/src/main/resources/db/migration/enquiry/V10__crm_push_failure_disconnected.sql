-- A push that found the tenant without a CRM connection (disconnected after the enquiry was sent, or while
-- its push was under way) fails for good as 'disconnected', which connecting the CRM again mends as it
-- mends 'credentials': a reconnect queues the failed pushes of both kinds again. The new check allows every
-- value the old one did, so no row can fail it.
alter table enquiries drop constraint enquiries_crm_push_failure_check;
alter table enquiries add constraint enquiries_crm_push_failure_check
    check (crm_push_failure in ('credentials', 'data', 'disconnected'));
drop index enquiries_crm_refused_credentials_idx;
create index enquiries_crm_push_mended_by_reconnect_idx on enquiries (tenant_id)
    where crm_push_failure in ('credentials', 'disconnected');
