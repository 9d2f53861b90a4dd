-- Members see their own tenant in every state (e.g. suspended), not only when it is active.
drop policy tenants_read on tenants;
create policy tenants_read on tenants for select
    using (status = 'active'
           or id = current_tenant()
           or exists (select 1 from memberships m where m.tenant_id = tenants.id and m.user_id = current_app_user()));
