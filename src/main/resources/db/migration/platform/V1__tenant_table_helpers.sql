-- Helpers every module uses to declare its tables. A table is reachable by the runtime role only
-- once it is registered here, either as a tenant table (row-level security on tenant_id) or as a
-- platform table (shared by all tenants, e.g. the tenant list itself).

-- The tenant bound to the current transaction, or null when none is bound (fail closed).
create function platform.current_tenant() returns uuid
    language sql stable parallel safe
as $$ select nullif(current_setting('tokuten.tenant_id', true), '')::uuid $$;

create table platform.registered_tables (
    table_name         text primary key,
    kind               text not null check (kind in ('tenant', 'platform')),
    runtime_privileges text not null
);

-- The schema-qualified name of a table, whatever the search_path.
create function platform.qualified_name(tbl regclass) returns text
    language sql stable
as $$ select format('%I.%I', n.nspname, c.relname)
        from pg_class c join pg_namespace n on n.oid = c.relnamespace where c.oid = tbl $$;

create function platform.check_privileges(privileges text) returns void
    language plpgsql immutable
as $$
begin
    if privileges !~ '^\s*(SELECT|INSERT|UPDATE|DELETE)(\s*,\s*(SELECT|INSERT|UPDATE|DELETE))*\s*$' then
        raise exception 'privileges must be a list of SELECT, INSERT, UPDATE, DELETE: %', privileges;
    end if;
end $$;

-- Makes tbl a tenant table: tenant_id uuid not null defaulting to the bound tenant, row-level
-- security enabled and forced, one policy, and every key including tenant_id.
create function platform.register_tenant_table(
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
end $$;

-- Declares tbl a platform table: shared by all tenants, no row-level security. Use sparingly; the
-- TenantIsolationTests keep an explicit list of them.
create function platform.register_platform_table(
    tbl regclass,
    privileges text default 'SELECT, INSERT, UPDATE, DELETE') returns void
    language plpgsql
as $$
begin
    perform platform.check_privileges(privileges);
    insert into platform.registered_tables (table_name, kind, runtime_privileges)
    values (platform.qualified_name(tbl), 'platform', privileges)
    on conflict (table_name) do update set kind = excluded.kind, runtime_privileges = excluded.runtime_privileges;
end $$;

-- Grants the runtime role exactly what the registered tables declare (run after every migration).
create function platform.grant_runtime_privileges(runtime_role name) returns void
    language plpgsql
as $$
declare
    t record;
    s text;
begin
    for s in select distinct n.nspname
               from platform.registered_tables r
               join pg_class c on c.oid = r.table_name::regclass
               join pg_namespace n on n.oid = c.relnamespace
    loop
        execute format('grant usage on schema %I to %I', s, runtime_role);
    end loop;
    execute format('grant usage on schema platform to %I', runtime_role);
    for t in select table_name, runtime_privileges from platform.registered_tables loop
        execute format('revoke all on %s from %I', t.table_name, runtime_role);
        execute format('grant %s on %s to %I', t.runtime_privileges, t.table_name, runtime_role);
    end loop;
end $$;

-- The registry is readable (the schema tests read it as the runtime role), never writable.
select platform.register_platform_table('platform.registered_tables', 'SELECT');

revoke all on function platform.register_tenant_table(regclass, text) from public;
revoke all on function platform.register_platform_table(regclass, text) from public;
revoke all on function platform.grant_runtime_privileges(name) from public;
