-- Backups (module ops, issue 14, decision 130): one row per backup, daily or asked for by an operator.
-- A platform table: a backup holds every tenant. The row says where the backup went and its manifest's
-- SHA-256; the backup itself is files in the backup directory (and its copies), never in the database.
create table ops.backups (
    id           uuid        primary key,
    kind         text        not null check (kind in ('daily', 'requested')),
    daily_for    date        unique,           -- the Japan date a daily backup is for: one per day
    status       text        not null default 'running' check (status in ('running', 'done', 'failed')),
    requested_by uuid,                         -- the operator, for a requested backup
    created_at   timestamptz not null,
    finished_at  timestamptz,
    location     text,
    copies       text,                         -- where it was copied to, one per line
    size_bytes   bigint,
    sha256       text,
    error        text,
    check ((kind = 'daily') = (daily_for is not null)),
    check ((status = 'done') = (location is not null and sha256 is not null and size_bytes is not null))
);
create index backups_by_creation on ops.backups (created_at desc);
select platform.register_platform_table('ops.backups', 'SELECT, INSERT, UPDATE');
