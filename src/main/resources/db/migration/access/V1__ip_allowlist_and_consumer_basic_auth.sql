-- The networks a tenant's admin console and API may be used from. No rows: no restriction.
create table access.ip_allowlist_entries (
    tenant_id  uuid not null,
    id         uuid not null,
    network    cidr not null check (masklen(network) > 0),
    note       text not null default '' check (length(note) <= 100),
    created_at timestamptz not null,
    created_by text not null,
    primary key (tenant_id, id),
    unique (tenant_id, network)
);
select platform.register_tenant_table('access.ip_allowlist_entries');

-- HTTP Basic authentication in front of a tenant's consumer pages (e.g. before launch). One row per
-- tenant at most; the password is kept only as an Argon2id hash.
create table access.consumer_basic_auth (
    tenant_id     uuid not null,
    enabled       boolean not null,
    username      text not null check (length(username) between 1 and 64),
    password_hash text not null,
    updated_at    timestamptz not null,
    updated_by    text not null,
    primary key (tenant_id)
);
select platform.register_tenant_table('access.consumer_basic_auth');
