-- Four eyes: operator rights are requested by one operator and granted by another.
create table identity.operator_grant_requests (
    id           uuid primary key,
    email        text not null check (length(email) between 3 and 254),
    display_name text not null check (length(display_name) between 1 and 100),
    reason       text not null check (length(reason) between 1 and 500),
    requested_by uuid not null references identity.operators (id),
    requested_at timestamptz not null,
    decision     text check (decision in ('approved', 'rejected')),
    decided_by   uuid references identity.operators (id),
    decided_at   timestamptz,
    operator_id  uuid references identity.operators (id),
    constraint four_eyes check (decided_by is null or decided_by <> requested_by),
    constraint decided_together check ((decision is null) = (decided_by is null) and (decision is null) = (decided_at is null))
);
create unique index operator_grant_requests_open_email
    on identity.operator_grant_requests (lower(email)) where decision is null;
select platform.register_platform_table('identity.operator_grant_requests', 'SELECT, INSERT, UPDATE');

alter table identity.operators
    add column disabled_at     timestamptz,
    add column disabled_by     uuid references identity.operators (id),
    add column disabled_reason text;
