-- Why an operator suspended a tenant (SuspendTenant), for its members. Reactivation clears it, and the
-- check keeps it that way: an active tenant is public, so its row must carry no reason for anyone to read.
alter table tenants add column suspension_reason text not null default '';
alter table tenants add constraint tenants_suspension_reason_check
    check (status = 'suspended' or suspension_reason = '');
