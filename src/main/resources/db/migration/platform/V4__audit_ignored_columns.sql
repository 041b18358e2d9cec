-- A registered table may have columns whose changes are left out of change capture, by name and with a
-- reason that the schema tests can read (decision 045). Meant for bookkeeping a hot path rewrites, such as
-- when an API key was last used; every other column of the row, and every insert and delete, is still
-- captured. An UPDATE that changes nothing but such columns writes no audit entry.
alter table platform.registered_tables
    add column audit_ignored_columns text[] not null default '{}',
    add column audit_ignored_reason  text check (audit_ignored_reason is null or length(audit_ignored_reason) >= 20);

create function platform.ignore_columns_in_audit(tbl regclass, columns text[], reason text) returns void
    language plpgsql
as $$
begin
    if reason is null or length(reason) < 20 then
        raise exception 'ignoring columns of % in the audit log needs a reason of at least 20 characters', tbl;
    end if;
    if exists (select 1 from unnest(columns) c
                where not exists (select 1 from pg_attribute a
                                   where a.attrelid = tbl and a.attname = c and not a.attisdropped)) then
        raise exception 'not every one of % is a column of %', columns, tbl;
    end if;
    update platform.registered_tables set audit_ignored_columns = columns, audit_ignored_reason = reason
     where table_name = platform.qualified_name(tbl);
    if not found then
        raise exception '% is not a registered table', tbl;
    end if;
end $$;

revoke all on function platform.ignore_columns_in_audit(regclass, text[], text) from public;
