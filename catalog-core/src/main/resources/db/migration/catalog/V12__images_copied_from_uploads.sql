-- A presigned PUT stays valid for its whole lifetime, so the file it wrote could be replaced after
-- CompleteImageUpload checked it. Completion now copies the checked version to a fresh key that no
-- upload URL covers and records that key; upload_key is the key the upload was handed out under, so
-- completing it again returns the same image. Empty for images stored through UploadImage, and for
-- those recorded before, whose key is the upload's.
alter table images add column upload_key text check (length(upload_key) between 1 and 300);
create unique index images_upload_key_key on images (tenant_id, upload_key);

-- image_uploads rows now stay after completion or rejection, until the upload sweep deletes whatever
-- the URL wrote last (it may write until it expires) and forgets them.
