-- A TOTP code signs in once: the time step of the last accepted code is kept, and only a later step is
-- accepted, so a code seen over a shoulder or in a log cannot be replayed within its 90 s window.
alter table users add column totp_last_step bigint;

-- A second-factor challenge takes a few tries: wrong codes are counted, and the challenge is spent after
-- the last, so guessing needs the password again for every few codes.
alter table one_time_tokens add column attempts integer not null default 0;
