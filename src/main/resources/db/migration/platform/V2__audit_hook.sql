-- The audit hook: registering a table also attaches the audit trigger to it, so no write path can
-- skip the audit log. The trigger function itself (audit.capture_change) and the log belong to the
-- audit module and are created by its own migrations, which run after platform's. Whichever comes
-- second attaches the trigger: a table registered before audit.capture_change exists gets it when the
-- audit module's migration attaches it to every registered table; a table registered afterwards gets
-- it here. The audit module's own tables are never audited (that would audit the audit log forever).
-- TenantIsolationTests.everyRegisteredTableCarriesTheAuditTrigger checks that every registered table has it.

create function platform.attach_audit_trigger(tbl regclass) returns void
    language plpgsql
as $$
declare
    kind text;
    key_columns text[];
begin
    if to_regprocedure('audit.capture_change()') is null then
        return; -- the audit module's migration attaches it to every registered table
    end if;
    if (select n.nspname from pg_class c join pg_namespace n on n.oid = c.relnamespace where c.oid = tbl) = 'audit' then
        return;
    end if;
    select r.kind into kind from platform.registered_tables r where r.table_name = platform.qualified_name(tbl);
    if kind is null then
        raise exception '% is not registered', tbl;
    end if;
    -- The primary key columns name the row in the log; they are fixed when the trigger is attached.
    select array_agg(a.attname::text order by k.ord) into key_columns
      from pg_constraint c
      cross join lateral unnest(c.conkey) with ordinality as k(attnum, ord)
      join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.attnum
     where c.conrelid = tbl and c.contype = 'p';
    execute format('drop trigger if exists audit_row_change on %s', tbl);
    execute format('create trigger audit_row_change after insert or update or delete on %s'
                   ' for each row execute function audit.capture_change(%s)',
                   tbl,
                   (select string_agg(quote_literal(v), ', ')
                      from unnest(array[kind] || coalesce(key_columns, '{}')) v));
end $$;

create or replace function platform.register_tenant_table(
    tbl regclass,
    privileges text default 'SELECT, INSERT, UPDATE, DELETE') returns void
    language plpgsql
as $$
declare
    bad text;
begin
    perform platform.check_privileges(privileges);
    perform 1 from pg_attribute
     where attrelid = tbl and attname = 'tenant_id' and not attisdropped
       and atttypid = 'uuid'::regtype;
    if not found then
        raise exception '% needs a column tenant_id uuid', tbl;
    end if;
    select string_agg(c.conname, ', ') into bad
      from pg_constraint c
     where c.conrelid = tbl and c.contype in ('p', 'u', 'f')
       and not exists (select 1 from pg_attribute a
                        where a.attrelid = tbl and a.attname = 'tenant_id' and a.attnum = any (c.conkey));
    if bad is not null then
        raise exception 'keys of % must include tenant_id: %', tbl, bad;
    end if;
    perform 1 from pg_constraint where conrelid = tbl and contype = 'p';
    if not found then
        raise exception '% needs a primary key (tenant_id, ...)', tbl;
    end if;
    execute format('alter table %s alter column tenant_id set default platform.current_tenant()', tbl);
    execute format('alter table %s alter column tenant_id set not null', tbl);
    execute format('alter table %s enable row level security', tbl);
    execute format('alter table %s force row level security', tbl);
    execute format('drop policy if exists tenant_isolation on %s', tbl);
    execute format('create policy tenant_isolation on %s using (tenant_id = platform.current_tenant())'
                   ' with check (tenant_id = platform.current_tenant())', tbl);
    insert into platform.registered_tables (table_name, kind, runtime_privileges)
    values (platform.qualified_name(tbl), 'tenant', privileges)
    on conflict (table_name) do update set kind = excluded.kind, runtime_privileges = excluded.runtime_privileges;
    perform platform.attach_audit_trigger(tbl);
end $$;

create or replace function platform.register_platform_table(
    tbl regclass,
    privileges text default 'SELECT, INSERT, UPDATE, DELETE') returns void
    language plpgsql
as $$
begin
    perform platform.check_privileges(privileges);
    insert into platform.registered_tables (table_name, kind, runtime_privileges)
    values (platform.qualified_name(tbl), 'platform', privileges)
    on conflict (table_name) do update set kind = excluded.kind, runtime_privileges = excluded.runtime_privileges;
    perform platform.attach_audit_trigger(tbl);
end $$;

revoke all on function platform.attach_audit_trigger(regclass) from public;
