-- Failed sign-ins per account, wrong passwords and wrong second-factor codes alike. The edge limits tries
-- per client address; this limits them per account, so guesses spread over many addresses still meet a
-- ceiling. A run of failures locks sign-in for a while; a success or a password reset clears the row.
create table sign_in_failures (
    user_id      uuid primary key references users (id) on delete cascade,
    failures     integer not null,
    locked_until timestamptz
);

grant select, insert, update, delete on sign_in_failures to ${app_role};
