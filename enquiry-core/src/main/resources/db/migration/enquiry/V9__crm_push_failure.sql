-- Why an enquiry's CRM push failed for good, if it did: 'credentials' when Zoho refused the connection
-- (its client or refresh token, or a data centre whose API servers the token was not for), which
-- connecting the CRM again mends, or 'data' when Zoho refused the lead itself, which it does not. A
-- reconnect queues again the tenant's failed pushes of the first kind, and only those. Cleared when the
-- enquiry's lead is stored.
alter table enquiries add column crm_push_failure text check (crm_push_failure in ('credentials', 'data'));
create index enquiries_crm_refused_credentials_idx on enquiries (tenant_id)
    where crm_push_failure = 'credentials';
