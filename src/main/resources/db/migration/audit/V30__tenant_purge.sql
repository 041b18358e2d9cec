-- Deleting a terminated tenant (module ops, ops.purge_tenant) removes its rows and then its whole audit
-- chain: capturing each removed row into a chain that is removed in the same transaction is work for
-- nothing. Change capture skips a tenant's rows only while the owner's purge function has registered that
-- tenant in audit.tenant_purges for the current transaction (the runtime role cannot write that table, so
-- it cannot switch capture off) and the transaction says so in tokuten.purging.
create table audit.tenant_purges (
    tenant_id uuid   not null,
    txid      bigint not null,
    primary key (tenant_id, txid)
);
select platform.register_platform_table('audit.tenant_purges', 'SELECT');
select platform.exempt_from_audit('audit.tenant_purges', 'bookkeeping of the purge function, written and removed in one transaction');

create or replace function audit.capture_change() returns trigger
    language plpgsql security definer
    set search_path = pg_catalog, pg_temp
as $$
declare
    old_row jsonb;
    new_row jsonb;
    key_row jsonb := '{}'::jsonb;
    tenant uuid;
    ignored text[];
    i int;
begin
    if tg_op <> 'INSERT' then
        old_row := to_jsonb(old);
    end if;
    if tg_op <> 'DELETE' then
        new_row := to_jsonb(new);
    end if;
    if tg_argv[0] = 'tenant' then
        tenant := (coalesce(new_row, old_row) ->> 'tenant_id')::uuid;
    end if;
    if tenant is not null and tg_op = 'DELETE'
       and current_setting('tokuten.purging', true) = tenant::text
       and exists (select 1 from audit.tenant_purges p
                    where p.tenant_id = tenant and p.txid = pg_current_xact_id()::text::bigint) then
        return null; -- the tenant is being deleted, its chain with it
    end if;
    for i in 1 .. tg_nargs - 1 loop
        key_row := key_row || jsonb_build_object(tg_argv[i], coalesce(new_row, old_row) -> tg_argv[i]);
    end loop;
    if tg_op = 'UPDATE' then
        select r.audit_ignored_columns into ignored
          from platform.registered_tables r
         where r.table_name = format('%I.%I', tg_table_schema, tg_table_name);
        select coalesce(jsonb_object_agg(n.key, o.value), '{}'::jsonb),
               coalesce(jsonb_object_agg(n.key, n.value), '{}'::jsonb)
          into old_row, new_row
          from jsonb_each(new_row) n
          left join jsonb_each(old_row) o on o.key = n.key
         where o.value is distinct from n.value
           and not (n.key = any (coalesce(ignored, '{}')));
        if new_row = '{}'::jsonb and coalesce(array_length(ignored, 1), 0) > 0 then
            return null; -- only ignored bookkeeping changed
        end if;
    end if;
    insert into audit.entries
        (tenant_id, kind, table_name, operation, row_key, old_values, new_values, actor, request_id)
    values (tenant, 'change', format('%I.%I', tg_table_schema, tg_table_name), tg_op, audit.masked(key_row),
            audit.masked(old_row), audit.masked(new_row),
            nullif(current_setting('tokuten.actor', true), ''),
            nullif(current_setting('tokuten.request_id', true), ''));
    return null;
end $$;
