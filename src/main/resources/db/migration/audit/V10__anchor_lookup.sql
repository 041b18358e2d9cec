-- Audit anchoring (issue 14, decision 132): the heads of all chains are written, signed, outside the
-- database; checking the database against such an anchor needs the hash of the entry at the anchored
-- position of each chain. The runtime role reads entries only under row-level security, so this returns
-- just that hash (no content), for platform work only (no tenant bound), like the purge.
create function audit.sealed_hash(chain_id uuid, at_seq bigint) returns bytea
    language plpgsql stable security definer
    set search_path = pg_catalog, pg_temp
as $$
begin
    if platform.current_tenant() is not null then
        raise exception 'checking an audit anchor is platform work: no tenant may be bound' using errcode = '42501';
    end if;
    return (select e.hash from audit.entries e where e.chain = chain_id and e.seq = at_seq);
end $$;
