-- Work that any live node may do and that must survive a node's death (OCR, draws, deliveries,
-- backups). A platform table: a worker claims jobs of every tenant and binds the job's tenant while it
-- runs it. Payloads carry ids, not tenant data.
create table jobs.jobs (
    id           uuid primary key,
    tenant_id    uuid,
    type         text        not null check (length(type) between 1 and 100),
    payload      jsonb       not null,
    unique_key   text unique,
    status       text        not null default 'queued' check (status in ('queued', 'running', 'done', 'dead')),
    attempts     int         not null default 0,
    max_attempts int         not null check (max_attempts between 1 and 100),
    run_at       timestamptz not null,
    locked_by    text,
    locked_until timestamptz,
    last_error   text,
    created_at   timestamptz not null,
    finished_at  timestamptz
);
create index jobs_ready on jobs.jobs (run_at) where status in ('queued', 'running');
create index jobs_dead on jobs.jobs (finished_at desc) where status = 'dead';
select platform.register_platform_table('jobs.jobs', 'SELECT, INSERT, UPDATE');
