-- Every Zoho credential sealed at rest: the client id and data centre move into the sealed JSON with the
-- client secret and refresh token. The plaintext columns stay, renamed and nullable, only until enquiry-core
-- reseals the connections an earlier version stored (at start, under CRM_SECRET_KEY); a connection stored
-- from now on leaves them null.
alter table crm_connections rename column client_id to client_id_plaintext;
alter table crm_connections rename column data_centre to data_centre_plaintext;
alter table crm_connections alter column client_id_plaintext drop not null;
alter table crm_connections alter column data_centre_plaintext drop not null;

-- The reseal at start must find every tenant whose connection still holds plaintext, across row-level
-- security; this answers with their tenant ids only, and each is then resealed acting for its tenant.
create function crm_connections_with_plaintext()
    returns setof uuid
    language sql stable security definer set search_path = ${schema} as
$$ select c.tenant_id from crm_connections c
    where c.client_id_plaintext is not null or c.data_centre_plaintext is not null
    order by c.tenant_id $$;

revoke execute on function crm_connections_with_plaintext() from public;
grant execute on function crm_connections_with_plaintext() to ${app_role};
