-- audit.masked looks at all of a row's keys with one match before looking at each (decision 153): most rows
-- have no column to mask, and one match over the keys joined by newlines costs half of one match per key
-- (bench/coupons: the capture of an acquisition's instance). The pattern is the per-key pattern in
-- newline-sensitive mode, where $ also matches at the end of each line: every key the loop below would
-- mask makes the first match succeed, so the result is the same as before for every row.
create or replace function audit.masked(row_values jsonb) returns jsonb
    language plpgsql immutable strict parallel safe
as $$
declare
    k text;
begin
    if array_to_string(array(select jsonb_object_keys(row_values)), E'\n')
           !~* '(?n)(password|passwd|secret|token|totp|recovery|private_key|api_key|sha256|digest|_hash$|session_id$|_bytes$)' then
        return row_values;
    end if;
    for k in select jsonb_object_keys(row_values) loop
        if k ~* '(password|passwd|secret|token|totp|recovery|private_key|api_key|sha256|digest|_hash$|session_id$|_bytes$)'
           and row_values -> k <> 'null'::jsonb then
            row_values := jsonb_set(row_values, array[k], '"[masked]"'::jsonb);
        end if;
    end loop;
    return row_values;
end $$;
