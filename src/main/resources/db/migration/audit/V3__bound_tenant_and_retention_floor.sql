-- What the runtime role may do with the audit log is bounded in the database, not only by the code
-- that calls it:
--   * a tenant bound to the transaction reaches only its own chain: verify and chain_ids see only it,
--     and asking for another tenant's chain is refused; purges are platform work and refused outright
--     while a tenant is bound. audit.record already writes only to the bound tenant's chain (it takes
--     no tenant) and audit.seal only links committed entries, it writes no content.
--   * nothing younger than 365 days (the retention promised to tenants) is ever purged, whatever the
--     application's setting says.
-- The functions of V1 and V2 stay as the owner's internals, callable by nobody else; the runtime role
-- calls the checking wrappers under the old names.

alter function audit.verify(uuid) rename to verify_chains;
alter function audit.chain_ids() rename to all_chain_ids;
alter function audit.purge(uuid, int) rename to purge_chain;
revoke all on function audit.verify_chains(uuid) from public;
revoke all on function audit.all_chain_ids() from public;
revoke all on function audit.purge_chain(uuid, int) from public;

create function audit.minimum_retention_days() returns int
    language sql immutable parallel safe
as $$ select 365 $$;

create function audit.verify(chain_id uuid default null)
    returns table (chain uuid, checked bigint, pending bigint, first_bad_entry bigint, problem text)
    language plpgsql security definer
    set search_path = pg_catalog, pg_temp
as $$
declare
    bound uuid := platform.current_tenant();
begin
    if bound is not null and chain_id is distinct from bound then
        if chain_id is null then
            chain_id := bound;
        else
            raise exception 'a tenant may verify only its own audit chain' using errcode = '42501';
        end if;
    end if;
    return query select * from audit.verify_chains(chain_id);
end $$;

create function audit.chain_ids() returns setof uuid
    language sql stable security definer
    set search_path = pg_catalog, pg_temp
as $$
    select c from audit.all_chain_ids() c
     where platform.current_tenant() is null or c = platform.current_tenant()
$$;

create function audit.purge(chain_id uuid, retention_days int) returns bigint
    language plpgsql security definer
    set search_path = pg_catalog, pg_temp
as $$
begin
    if platform.current_tenant() is not null then
        raise exception 'the audit retention purge is platform work: no tenant may be bound'
            using errcode = '42501';
    end if;
    if retention_days is null or retention_days < audit.minimum_retention_days() then
        raise exception 'audit retention must be at least % days: %', audit.minimum_retention_days(), retention_days;
    end if;
    return audit.purge_chain(chain_id, retention_days);
end $$;

create or replace function audit.purge_access_log(retention_days int) returns bigint
    language plpgsql security definer
    set search_path = pg_catalog, audit
as $$
declare
    removed bigint;
begin
    if platform.current_tenant() is not null then
        raise exception 'the access log purge is platform work: no tenant may be bound' using errcode = '42501';
    end if;
    if retention_days is null or retention_days < audit.minimum_retention_days() then
        raise exception 'access log retention must be at least % days, not %',
            audit.minimum_retention_days(), retention_days;
    end if;
    delete from audit.access_log where at < now() - make_interval(days => retention_days);
    get diagnostics removed = row_count;
    return removed;
end $$;
