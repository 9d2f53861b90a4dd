-- TOTP secrets and signing keys are stored sealed (AES-256-GCM under ACCOUNT_SECRET_KEY, bound to their row:
-- the user id for a TOTP secret, the kid for a signing key), so a dump or backup lets no one mint access
-- tokens or pass a second factor.
--
-- A migration cannot seal, since the key is not in the database. So the plaintext columns are renamed
-- *_plaintext, and tenant-core, at every start and before it serves, seals what they hold into the
-- *_sealed columns and clears them (PlaintextSealer): once it has started with a key, no plaintext is
-- left. The renames make a replica of an earlier version fail on these tables rather than read a null
-- TOTP secret as "no second factor" or write a plaintext key beside sealed ones. The *_plaintext columns
-- can be dropped by a later migration once every deployment has started with this one.
alter table users rename column totp_secret to totp_secret_plaintext;
alter table users rename column totp_pending_secret to totp_pending_secret_plaintext;
alter table users add column totp_secret_sealed bytea,
                  add column totp_pending_secret_sealed bytea;
-- Only rows still to seal: after the first start, the check at every start reads an empty index.
create index users_plaintext_totp_idx on users (id)
    where totp_secret_plaintext is not null or totp_pending_secret_plaintext is not null;

alter table signing_keys rename column private_jwk to private_jwk_plaintext;
alter table signing_keys alter column private_jwk_plaintext drop not null,
                         add column private_jwk_sealed bytea,
                         add constraint signing_keys_one_private_key
                             check (num_nonnulls(private_jwk_plaintext, private_jwk_sealed) = 1);
