-- TOTP second factor (RFC 6238) and one-time recovery codes, for operators and tenant users.
alter table identity.operators
    add column totp_secret     bytea,
    add column totp_enabled_at timestamptz,
    add column totp_last_step  bigint not null default 0;

alter table identity.tenant_users
    add column totp_secret     bytea,
    add column totp_enabled_at timestamptz,
    add column totp_last_step  bigint not null default 0;

create table identity.operator_recovery_codes (
    operator_id uuid  not null references identity.operators (id),
    code_sha256 bytea not null,
    used_at     timestamptz,
    primary key (operator_id, code_sha256)
);
select platform.register_platform_table('identity.operator_recovery_codes');

create table identity.tenant_user_recovery_codes (
    tenant_id   uuid  not null,
    user_id     uuid  not null,
    code_sha256 bytea not null,
    used_at     timestamptz,
    primary key (tenant_id, user_id, code_sha256),
    foreign key (tenant_id, user_id) references identity.tenant_users (tenant_id, id)
);
select platform.register_tenant_table('identity.tenant_user_recovery_codes');

-- Per-tenant sign-in rules set by the tenant's admins.
create table identity.tenant_sign_in_settings (
    tenant_id    uuid    not null primary key,
    require_totp boolean not null default false,
    updated_at   timestamptz not null
);
select platform.register_tenant_table('identity.tenant_sign_in_settings');
