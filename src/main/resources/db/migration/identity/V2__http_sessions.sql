-- Browser sessions of the operator and admin consoles, shared by every node (Spring Session JDBC's
-- layout). Platform tables: a session exists before a tenant is chosen at sign-in.
create table identity.http_sessions (
    primary_id            char(36) not null primary key,
    session_id            char(36) not null,
    creation_time         bigint   not null,
    last_access_time      bigint   not null,
    max_inactive_interval int      not null,
    expiry_time           bigint   not null,
    principal_name        varchar(100)
);
create unique index http_sessions_session_id on identity.http_sessions (session_id);
create index http_sessions_expiry_time on identity.http_sessions (expiry_time);
create index http_sessions_principal_name on identity.http_sessions (principal_name);

create table identity.http_sessions_attributes (
    session_primary_id char(36)     not null references identity.http_sessions (primary_id) on delete cascade,
    attribute_name     varchar(200) not null,
    attribute_bytes    bytea        not null,
    primary key (session_primary_id, attribute_name)
);

select platform.register_platform_table('identity.http_sessions');
select platform.register_platform_table('identity.http_sessions_attributes');
