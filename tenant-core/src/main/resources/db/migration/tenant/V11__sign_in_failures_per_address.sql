-- Failed sign-ins are counted per email address, whether or not an account has that address: an address
-- without an account is locked after the same run of failures as one with an account, so the lock no
-- longer tells anyone which addresses have accounts. The address is kept only as the SHA-256 digest of its
-- lower case (the form the users' unique index compares), so the addresses people guess at are not stored.
-- updated_at is the time of the last failure: a run of failures is forgotten a day after it, and rows that
-- old are deleted as new failures are counted, so guesses at made-up addresses do not pile up.
create table sign_in_failures_per_address (
    address_digest bytea primary key,
    failures       integer not null,
    locked_until   timestamptz,
    created_at     timestamptz not null default now(),
    updated_at     timestamptz not null default now()
);

create index sign_in_failures_per_address_updated on sign_in_failures_per_address (updated_at);

insert into sign_in_failures_per_address (address_digest, failures, locked_until)
select sha256(convert_to(lower(u.email), 'UTF8')), f.failures, f.locked_until
from sign_in_failures f
join users u on u.id = f.user_id;

drop table sign_in_failures;

grant select, insert, update, delete on sign_in_failures_per_address to ${app_role};
