-- Failed sign-ins per account name and per source address, for growing delays. Keys are SHA-256 of
-- "account:<audience>:<e-mail>" or "address:<ip>", so the table holds no e-mail addresses.
create table identity.sign_in_throttle (
    key_sha256      bytea primary key,
    failures        int         not null,
    last_failure_at timestamptz not null,
    blocked_until   timestamptz
);
select platform.register_platform_table('identity.sign_in_throttle');
