-- Operators: staff of the company running the service. Platform tables.
create table identity.operators (
    id            uuid primary key,
    email         text not null,
    display_name  text not null,
    password_hash text not null,
    status        text not null default 'active' check (status in ('active', 'disabled')),
    created_at    timestamptz not null
);
create unique index operators_email_key on identity.operators (lower(email));
select platform.register_platform_table('identity.operators', 'SELECT, INSERT, UPDATE');

-- API tokens of operators (provisioning automation). Only a SHA-256 of the token is kept.
create table identity.operator_tokens (
    id           uuid primary key,
    operator_id  uuid not null references identity.operators (id),
    token_sha256 bytea not null unique,
    created_at   timestamptz not null,
    last_used_at timestamptz
);
select platform.register_platform_table('identity.operator_tokens', 'SELECT, INSERT, UPDATE');

-- Tenant users: the customer's own staff, each with one role.
create table identity.tenant_users (
    tenant_id     uuid not null,
    id            uuid not null,
    email         text not null,
    display_name  text not null,
    password_hash text not null,
    role          text not null check (role in ('admin', 'editor', 'reviewer', 'store_staff', 'viewer')),
    status        text not null default 'active' check (status in ('active', 'disabled')),
    created_at    timestamptz not null,
    primary key (tenant_id, id)
);
create unique index tenant_users_email_key on identity.tenant_users (tenant_id, lower(email));
select platform.register_tenant_table('identity.tenant_users');

-- Tenant API keys. The key names its tenant (so the tenant can be bound before the lookup) and only a
-- SHA-256 of its secret part is kept.
create table identity.api_keys (
    tenant_id     uuid not null,
    id            uuid not null,
    name          text not null,
    secret_sha256 bytea not null,
    role          text not null check (role in ('admin', 'editor', 'reviewer', 'store_staff', 'viewer')),
    created_by    uuid,
    created_at    timestamptz not null,
    last_used_at  timestamptz,
    revoked_at    timestamptz,
    primary key (tenant_id, id),
    unique (tenant_id, secret_sha256),
    foreign key (tenant_id, created_by) references identity.tenant_users (tenant_id, id)
);
select platform.register_tenant_table('identity.api_keys');
