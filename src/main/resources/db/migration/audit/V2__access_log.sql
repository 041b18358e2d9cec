-- The access log: who called what, when, with what result and from where, for every request. Kept
-- beside the audit log and purged after the same retention. The runtime role may only append; it
-- purges through audit.purge_access_log. Paths are route templates (/invite/{token}), so secrets in
-- URLs are never stored.
create table audit.access_log (
    id             bigint generated always as identity primary key,
    at             timestamptz not null,
    tenant_id      uuid,
    actor          text,
    method         text        not null,
    path           text        not null,
    status         int         not null,
    duration_ms    int         not null,
    client_address text,
    request_id     text,
    user_agent     text
);
create index access_log_at on audit.access_log (at);
create index access_log_tenant_at on audit.access_log (tenant_id, at desc);
select platform.register_platform_table('audit.access_log', 'INSERT');

create function audit.purge_access_log(retention_days int) returns bigint
    language plpgsql security definer
    set search_path = pg_catalog, audit
as $$
declare
    removed bigint;
begin
    if retention_days < 30 then
        raise exception 'access log retention must be at least 30 days, not %', retention_days;
    end if;
    delete from audit.access_log where at < now() - make_interval(days => retention_days);
    get diagnostics removed = row_count;
    return removed;
end $$;
