-- A registered table may be left out of change capture only by name, with a reason that the schema
-- tests require (decision 012). Used for state that changes on every request and carries no business
-- meaning of its own, where the access log and meaning entries already say what happened.
alter table platform.registered_tables
    add column audit_exemption text check (audit_exemption is null or length(audit_exemption) >= 20);

create function platform.exempt_from_audit(tbl regclass, reason text) returns void
    language plpgsql
as $$
begin
    if reason is null or length(reason) < 20 then
        raise exception 'an audit exemption of % needs a reason of at least 20 characters', tbl;
    end if;
    update platform.registered_tables set audit_exemption = reason
     where table_name = platform.qualified_name(tbl);
    if not found then
        raise exception '% is not a registered table', tbl;
    end if;
    execute format('drop trigger if exists audit_row_change on %s', tbl);
end $$;

revoke all on function platform.exempt_from_audit(regclass, text) from public;
