-- Monitoring (module ops): the 19 checks run every 5 minutes by one node at a time, their history, the
-- current state of each check (what an alert compares with), and incidents shown on the status page.
-- Platform tables: monitoring is the service's, not a tenant's.

-- One run of all checks. up = every check that makes an incident (web, database) was ok: availability is
-- computed from these rows.
create table ops.check_runs (
    id          uuid        primary key,
    started_at  timestamptz not null,
    finished_at timestamptz not null,
    node        text        not null check (length(node) between 1 and 200),
    up          boolean     not null
);
create index check_runs_by_start on ops.check_runs (started_at);

-- What each check of a run found.
create table ops.check_results (
    run_id   uuid not null references ops.check_runs (id) on delete cascade,
    name     text not null check (length(name) between 1 and 60),
    status   text not null check (status in ('ok', 'failing', 'not_applicable')),
    detail   text not null check (length(detail) <= 500),
    took_ms  int  not null,
    primary key (run_id, name)
);
create index check_results_by_name on ops.check_results (name, run_id);

-- The state of each check as of its last run, and since when it has been in it.
create table ops.check_states (
    name        text        primary key check (length(name) between 1 and 60),
    status      text        not null check (status in ('ok', 'failing', 'not_applicable')),
    since       timestamptz not null,
    last_run_at timestamptz not null,
    detail      text        not null check (length(detail) <= 500)
);

-- Who runs the checks now (one node at a time) and when the last run started (one run per interval for
-- all nodes together). One row. Times are the database's.
create table ops.check_lease (
    id              int primary key check (id = 1),
    holder          text,
    lease_until     timestamptz,
    last_started_at timestamptz
);
insert into ops.check_lease (id) values (1);

-- Incidents: opened when the service is down (a check that makes an incident fails), resolved when it is
-- back; operators post updates. At most one open at a time.
create table ops.incidents (
    id          uuid        primary key,
    causes      text        not null check (length(causes) between 1 and 500),
    opened_at   timestamptz not null,
    resolved_at timestamptz,
    check (resolved_at is null or resolved_at >= opened_at)
);
create unique index incidents_one_open on ops.incidents ((true)) where resolved_at is null;
create index incidents_by_open on ops.incidents (opened_at desc);

create table ops.incident_updates (
    id          uuid        primary key,
    incident_id uuid        not null references ops.incidents (id),
    posted_at   timestamptz not null,
    kind        text        not null check (kind in ('opened', 'update', 'resolved')),
    message     text        check (length(message) between 1 and 2000),
    posted_by   uuid,       -- the operator; null: written by tokuten (opened, resolved)
    check ((kind = 'update') = (message is not null))
);
create index incident_updates_by_incident on ops.incident_updates (incident_id, posted_at);

select platform.register_platform_table('ops.check_runs', 'SELECT, INSERT, DELETE');
select platform.register_platform_table('ops.check_results', 'SELECT, INSERT, DELETE');
select platform.register_platform_table('ops.check_states', 'SELECT, INSERT, UPDATE');
select platform.register_platform_table('ops.check_lease', 'SELECT, UPDATE');
select platform.register_platform_table('ops.incidents', 'SELECT, INSERT, UPDATE');
select platform.register_platform_table('ops.incident_updates', 'SELECT, INSERT');

select platform.exempt_from_audit('ops.check_runs',
    'monitoring history written every few minutes; state changes are meaning entries and alerts');
select platform.exempt_from_audit('ops.check_results',
    'monitoring history written every few minutes; state changes are meaning entries and alerts');
select platform.exempt_from_audit('ops.check_states',
    'the last result of each check, rewritten every run; state changes are meaning entries');
select platform.exempt_from_audit('ops.check_lease',
    'which node runs the checks, renewed every run: bookkeeping with nothing to audit');

-- Audit sealing lag: how long the oldest committed but unsealed audit entry has waited (seconds, 0 when
-- none). One number, read past row-level security by this function only.
create function ops.audit_sealing_lag_seconds() returns double precision
    language sql stable security definer
    set search_path = pg_catalog, pg_temp
as $$
    select coalesce(extract(epoch from (now() - min(recorded_at))), 0)::double precision
      from audit.entries where seq is null
$$;

-- Retention: the age in days of the oldest audit entry and of the oldest access-log entry (0 when none),
-- to see that the daily purge keeps up.
create function ops.oldest_log_age_days() returns double precision
    language sql stable security definer
    set search_path = pg_catalog, pg_temp
as $$
    -- the oldest entry is the one with the smallest id (identity columns): one index probe each
    select greatest(
        coalesce((select extract(epoch from (now() - recorded_at)) from audit.entries order by id limit 1), 0),
        coalesce((select extract(epoch from (now() - min(at))) from audit.access_log), 0)) / 86400.0
$$;
