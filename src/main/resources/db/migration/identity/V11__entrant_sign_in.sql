-- Entrant sign-in (decision 080): one-time codes sent by e-mail, kept only as a SHA-256 of the code with
-- its row id, valid for 10 minutes and a few attempts; and the entrants' own sessions, kept apart from
-- the console sessions (a cookie of their own, scoped to the tenant's /c/<slug> pages), stored as a
-- SHA-256 of the cookie's token.
create table identity.entrant_codes (
    tenant_id    uuid        not null,
    id           uuid        not null,
    email        text        not null check (length(email) between 3 and 254),
    address      text        not null,
    code_sha256  bytea       not null,
    attempts     integer     not null default 0 check (attempts >= 0),
    created_at   timestamptz not null,
    expires_at   timestamptz not null,
    used_at      timestamptz,
    primary key (tenant_id, id)
);
create index entrant_codes_by_email on identity.entrant_codes (tenant_id, lower(email), created_at);
create index entrant_codes_by_address on identity.entrant_codes (tenant_id, address, created_at);
select platform.register_tenant_table('identity.entrant_codes');

create table identity.entrant_sessions (
    tenant_id     uuid        not null,
    token_sha256  bytea       not null,
    entrant_id    uuid        not null,
    created_at    timestamptz not null,
    expires_at    timestamptz not null,
    primary key (tenant_id, token_sha256),
    foreign key (tenant_id, entrant_id) references identity.entrants (tenant_id, id)
);
create index entrant_sessions_by_entrant on identity.entrant_sessions (tenant_id, entrant_id);
select platform.register_tenant_table('identity.entrant_sessions', 'SELECT, INSERT, DELETE');
