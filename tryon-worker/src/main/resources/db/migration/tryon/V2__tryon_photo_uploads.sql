-- Presigned photo uploads handed out (CreateTryOnPhotoUpload). A presigned PUT stays valid until it
-- expires, so SubmitTryOnJob no longer hands a job the upload's key: it copies the version it checked
-- to a fresh key under 'tryon/<user_id>/inputs/' that no URL covers, records that key on the job and
-- deletes the upload's object. Whatever a URL writes afterwards, and files never submitted, stay under
-- the upload's key; the retention sweep deletes the object and the row of uploads whose URL expired
-- long enough ago that no PUT can still be in flight. Jobs submitted before keep the upload's key.

create table tryon_photo_uploads (
    user_id    uuid not null,
    -- The S3 object key handed out: 'tryon/<user_id>/photos/<random>.<ext>'.
    key        text not null check (length(key) between 1 and 300),
    -- When the presigned PUT stops being accepted.
    expires_at timestamptz not null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    primary key (user_id, key),
    check (starts_with(key, 'tryon/' || user_id::text || '/photos/'))
);
-- The sweep reads the longest-expired uploads first.
create index tryon_photo_uploads_expires_idx on tryon_photo_uploads (expires_at);

alter table tryon_photo_uploads enable row level security;
alter table tryon_photo_uploads force row level security;
create policy tryon_photo_uploads_owner on tryon_photo_uploads
    using (user_id = current_app_user()) with check (user_id = current_app_user());

-- The sweep must find every user's expired uploads; this answers with their owners and keys only,
-- and the sweep then deletes each acting as its owner.
create function expired_tryon_photo_uploads(p_before timestamptz, p_limit integer)
    returns table (user_id uuid, key text)
    language sql stable security definer set search_path = ${schema} as
$$ select u.user_id, u.key from tryon_photo_uploads u where u.expires_at < p_before
   order by u.expires_at limit p_limit $$;

grant select, insert, update, delete on tryon_photo_uploads to ${app_role};
grant execute on function expired_tryon_photo_uploads(timestamptz, integer) to ${app_role};
