-- Invitations of tenant users by e-mail. The link carries the tenant and a secret; only a SHA-256 of the
-- secret is kept. An invitation is used once and expires.
create table identity.tenant_user_invites (
    tenant_id        uuid        not null,
    id               uuid        not null,
    email            text        not null check (length(email) between 3 and 254),
    role             text        not null check (role in ('admin', 'editor', 'reviewer', 'store_staff', 'viewer')),
    token_sha256     bytea       not null,
    invited_by       uuid        not null,
    created_at       timestamptz not null,
    expires_at       timestamptz not null,
    accepted_at      timestamptz,
    accepted_user_id uuid,
    revoked_at       timestamptz,
    primary key (tenant_id, id),
    unique (tenant_id, token_sha256),
    foreign key (tenant_id, invited_by) references identity.tenant_users (tenant_id, id),
    foreign key (tenant_id, accepted_user_id) references identity.tenant_users (tenant_id, id)
);
select platform.register_tenant_table('identity.tenant_user_invites', 'SELECT, INSERT, UPDATE');

alter table identity.tenant_users
    add column disabled_at timestamptz;
