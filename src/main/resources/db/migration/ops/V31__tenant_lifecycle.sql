-- The end of a tenant's life (module ops, issue 14): exports of its data, its termination, the deletion of
-- everything it had on the 10th business day after, and the signed certificate saying what was deleted.

-- An export of all of a tenant's data as CSV in a ZIP, made by a job; the file lives under
-- tokuten.ops.export-dir/<tenant>/<id>.zip until the tenant is deleted.
create table ops.tenant_exports (
    tenant_id     uuid        not null,
    id            uuid        not null,
    charset       text        not null check (charset in ('utf-8', 'shift_jis')),
    photos        boolean     not null,
    status        text        not null default 'queued' check (status in ('queued', 'running', 'done', 'failed')),
    requested_by  text        not null,
    requested_at  timestamptz not null,
    finished_at   timestamptz,
    size_bytes    bigint,
    file_sha256   bytea,
    tables        int,
    rows          bigint,
    files         int,
    primary key (tenant_id, id)
);
select platform.register_tenant_table('ops.tenant_exports', 'SELECT, INSERT, UPDATE');

-- A tenant's termination: when it was asked for, by whom, and the day its data is deleted. A platform
-- table: it outlives the tenant's data, as the record of its deletion.
create table ops.terminations (
    tenant_id      uuid        primary key,
    requested_at   timestamptz not null,
    requested_by   text        not null,
    reason         text        check (length(reason) <= 500),
    delete_on      date        not null,
    status         text        not null default 'scheduled' check (status in ('scheduled', 'cancelled', 'deleted')),
    deleted_at     timestamptz,
    certificate_id uuid
);
create index terminations_due on ops.terminations (delete_on) where status = 'scheduled';
select platform.register_platform_table('ops.terminations', 'SELECT, INSERT, UPDATE');

-- Deletion certificates: the signed statement (canonical JSON), its Ed25519 signature and the PDF that
-- shows both. Never changed or removed.
create table ops.deletion_certificates (
    id          uuid        primary key,
    tenant_id   uuid        not null unique,
    issued_at   timestamptz not null,
    statement   text        not null,
    signature   bytea       not null,
    key_id      text        not null,
    pdf         bytea       not null
);
select platform.register_platform_table('ops.deletion_certificates', 'SELECT, INSERT');
select platform.ignore_columns_in_audit('ops.deletion_certificates', array['pdf'],
    'the PDF only shows the statement and signature, which are captured');

-- Deletes every row of a terminated tenant: its rows in every tenant table and in the platform tables
-- that carry a tenant_id (jobs, access log), then its audit chain (sealed first, so that its final head
-- is known and stated on the certificate). Rows are removed table by table, a table whose rows are still
-- referenced being retried after the others. Runs as the owner; refused unless the tenant's termination
-- is scheduled and no tenant is bound. Returns {"tables": {name: rows}, "auditEntries", "auditHeadSeq",
-- "auditHeadHash"}.
create function ops.purge_tenant(tenant uuid) returns jsonb
    language plpgsql security definer
    set search_path = pg_catalog, pg_temp
as $$
declare
    kept constant text[] := array['tenancy.tenants', 'ops.terminations', 'ops.deletion_certificates',
                                  'audit.entries', 'audit.chains', 'audit.tenant_purges'];
    remaining text[];
    still text[];
    t text;
    n bigint;
    counts jsonb := '{}'::jsonb;
    head audit.chains;
    entries bigint;
begin
    if platform.current_tenant() is not null then
        raise exception 'deleting a tenant is platform work: no tenant may be bound' using errcode = '42501';
    end if;
    perform 1 from ops.terminations where tenant_id = tenant and status = 'scheduled' for update;
    if not found then
        raise exception 'tenant % has no scheduled termination', tenant using errcode = '42501';
    end if;
    insert into audit.tenant_purges (tenant_id, txid) values (tenant, pg_current_xact_id()::text::bigint);
    perform set_config('tokuten.purging', tenant::text, true);
    perform set_config('tokuten.tenant_id', tenant::text, true);
    select array_agg(r.table_name order by r.table_name) into remaining
      from platform.registered_tables r
      join pg_attribute a on a.attrelid = r.table_name::regclass and a.attname = 'tenant_id' and not a.attisdropped
     where r.table_name <> all (kept);
    loop
        still := '{}';
        foreach t in array coalesce(remaining, '{}') loop
            begin
                execute format('delete from %s where tenant_id = $1', t) using tenant;
                get diagnostics n = row_count;
                counts := counts || jsonb_build_object(t, n);
            exception when foreign_key_violation then
                still := still || t;
            end;
        end loop;
        exit when cardinality(still) = 0;
        if cardinality(still) = cardinality(remaining) then
            raise exception 'rows of tenant % in % are referenced from elsewhere', tenant, still;
        end if;
        remaining := still;
    end loop;
    perform set_config('tokuten.tenant_id', '', true);
    perform audit.seal(1000000, true);
    select * into head from audit.chains h where h.chain = tenant;
    delete from audit.entries e where e.chain = tenant;
    get diagnostics entries = row_count;
    delete from audit.chains h where h.chain = tenant;
    delete from audit.tenant_purges p where p.tenant_id = tenant;
    perform set_config('tokuten.purging', '', true);
    update tenancy.tenants set status = 'deleted', updated_at = now() where id = tenant;
    return jsonb_build_object(
        'tables', counts,
        'auditEntries', entries,
        'auditHeadSeq', coalesce(head.last_seq, 0),
        'auditHeadHash', encode(coalesce(head.last_hash, '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea), 'hex'));
end $$;

-- Leftovers of deleted tenants: the access log is written a second or so after each request, so lines of a
-- deleted tenant's last requests (and of requests naming it afterwards, such as a refused old API key) may
-- land after its purge; and an audit sealer that had listed the tenant's chain before the purge committed
-- may put back an empty head for it. This removes both; the deletion job runs it when done and the deletion
-- sweep every 15 minutes.
create function ops.purge_deleted_tenants_leftovers() returns bigint
    language plpgsql security definer
    set search_path = pg_catalog, pg_temp
as $$
declare
    removed bigint;
    more bigint;
begin
    delete from audit.access_log l
     using ops.terminations t
     where t.status = 'deleted' and l.tenant_id = t.tenant_id;
    get diagnostics removed = row_count;
    delete from audit.entries e
     using ops.terminations t
     where t.status = 'deleted' and e.chain = t.tenant_id;
    get diagnostics more = row_count;
    removed := removed + more;
    delete from audit.chains h
     using ops.terminations t
     where t.status = 'deleted' and h.chain = t.tenant_id;
    get diagnostics more = row_count;
    return removed + more;
end $$;
