-- A submit's copy of a checked photo (under 'tryon/<user_id>/inputs/') is remembered here too, from just
-- before it is made until the transaction that queues its job forgets it: should the submit go no further
-- (its process dies between the copy and the queueing), the upload sweep deletes the copy rather than
-- leaving an object no row names. Its expires_at is when it was made.
alter table tryon_photo_uploads drop constraint tryon_photo_uploads_check;
alter table tryon_photo_uploads add constraint tryon_photo_uploads_key_prefix_check check (
    starts_with(key, 'tryon/' || user_id::text || '/photos/')
    or starts_with(key, 'tryon/' || user_id::text || '/inputs/'));
