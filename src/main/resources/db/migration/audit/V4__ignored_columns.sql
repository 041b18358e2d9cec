-- Change capture leaves out the columns a registered table names in platform.registered_tables
-- .audit_ignored_columns (platform.ignore_columns_in_audit, decision 045): an UPDATE that changes only
-- such columns writes no entry, and they never appear in an entry's old or new values. Inserts and
-- deletes are captured whole, as before. Otherwise the same function as in V1.
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
    for i in 1 .. tg_nargs - 1 loop
        key_row := key_row || jsonb_build_object(tg_argv[i], coalesce(new_row, old_row) -> tg_argv[i]);
    end loop;
    if tg_argv[0] = 'tenant' then
        tenant := (coalesce(new_row, old_row) ->> 'tenant_id')::uuid;
    end if;
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
