-- When each signing key starts signing. A rotated-in key is published in the JWKS first and signs
-- only from this time, so verifiers that cache the JWKS know it before any token carries its kid.
alter table signing_keys add column signs_from timestamptz;
update signing_keys set signs_from = created_at;
alter table signing_keys alter column signs_from set not null,
                         alter column signs_from set default now();
