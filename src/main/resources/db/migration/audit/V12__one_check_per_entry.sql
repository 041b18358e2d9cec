-- An entry's five CHECK constraints become one that calls a PL/pgSQL function with the same rules (decision
-- 167). PostgreSQL plans a table's CHECK expressions again at the start of every statement that writes it
-- (they are not part of the statement's cached plan), and an entry is written one row per statement by the
-- capture trigger: planning the five cost about 15 µs of the database's CPU per entry, more than the insert
-- itself. A PL/pgSQL function's expressions are planned once per connection; the call costs about 3 µs.
-- Every rule is as before: an entry is a change (with its table and operation) or a meaning (with its
-- action), and sealed (seq, prev_hash and hash) or not at all.
create function audit.entry_is_well_formed(kind text, table_name text, operation text, action text,
                                           seq bigint, prev_hash bytea, hash bytea) returns boolean
    language plpgsql immutable parallel safe
as $$
begin
    return kind in ('change', 'meaning')
       and (operation is null or operation in ('INSERT', 'UPDATE', 'DELETE'))
       and (kind = 'change') = (table_name is not null and operation is not null)
       and (kind = 'meaning') = (action is not null)
       and (seq is null) = (hash is null)
       and (seq is null) = (prev_hash is null);
end $$;

alter table audit.entries
    drop constraint entries_check,
    drop constraint entries_check1,
    drop constraint entries_check2,
    drop constraint entries_kind_check,
    drop constraint entries_operation_check,
    add constraint entries_well_formed
        check (audit.entry_is_well_formed(kind, table_name, operation, action, seq, prev_hash, hash));
