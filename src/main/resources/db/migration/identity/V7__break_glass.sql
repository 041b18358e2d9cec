-- Break-glass: an operator's time-limited access to one tenant's data, with a stated reason. A tenant
-- table, so the tenant's admins see every access to their data.
create table identity.break_glass_grants (
    tenant_id      uuid        not null,
    id             uuid        not null,
    operator_id    uuid        not null,
    operator_email text        not null,
    reason         text        not null check (length(reason) between 10 and 500),
    started_at     timestamptz not null,
    expires_at     timestamptz not null,
    ended_at       timestamptz,
    primary key (tenant_id, id),
    check (expires_at > started_at and expires_at <= started_at + interval '4 hours')
);
select platform.register_tenant_table('identity.break_glass_grants', 'SELECT, INSERT, UPDATE');
