-- Presigned uploads handed out (CreateImageUpload) and not completed yet. Completing one, or
-- rejecting its file, removes its row; the upload sweep deletes the object and the row of any
-- whose URL expired long enough ago that no PUT can still be in flight, so files a client never
-- completed do not stay in the bucket.

create table image_uploads (
    tenant_id  uuid not null,
    -- The S3 object key handed out: '<tenant_id>/images/<random>.<ext>'.
    key        text not null check (length(key) between 1 and 300),
    created_at timestamptz not null default now(),
    -- When the presigned PUT stops being accepted.
    expires_at timestamptz not null,
    primary key (tenant_id, key),
    check (starts_with(key, tenant_id::text || '/'))
);
-- The sweep reads the longest-expired uploads first.
create index image_uploads_expires_idx on image_uploads (expires_at);

alter table image_uploads enable row level security;
alter table image_uploads force row level security;
create policy image_uploads_tenant on image_uploads
    using (tenant_id = current_tenant()) with check (tenant_id = current_tenant());

-- The sweep must find every tenant's expired uploads; this answers with their tenants and keys
-- only, and the sweep then deletes each acting for its tenant.
create function expired_image_uploads(p_before timestamptz, p_limit integer)
    returns table (tenant_id uuid, key text)
    language sql stable security definer set search_path = ${schema} as
$$ select u.tenant_id, u.key from image_uploads u where u.expires_at < p_before
   order by u.expires_at limit p_limit $$;

grant select, insert, update, delete on image_uploads to ${app_role};
grant execute on function expired_image_uploads(timestamptz, integer) to ${app_role};
