-- The audit log: one append-only table of entries, hash-chained per tenant (platform entries form a
-- chain of their own). See docs/modules/audit.md and docs/decisions/009-audit-chain.md.
--
-- Writers never touch the chain: an entry is inserted unchained (seq, prev_hash, hash all null) by the
-- trigger or by audit.record, so concurrent transactions of one tenant never wait for each other.
-- audit.seal, called shortly after by a job on any node, links committed entries into their chain.
--
-- The runtime role may read its own tenant's entries (row-level security, not forced so that the
-- owner's functions below see every chain) and may call audit.record, seal, verify and purge.
-- It has no INSERT, UPDATE or DELETE on any table here.

create table audit.entries (
    id          bigint generated always as identity primary key,
    tenant_id   uuid,                                   -- null: an entry of the platform chain
    chain       uuid not null generated always as
                    (coalesce(tenant_id, '00000000-0000-0000-0000-000000000000'::uuid)) stored,
    recorded_at timestamptz not null default clock_timestamp(),
    txid        bigint not null default (pg_current_xact_id()::text::bigint),
    kind        text not null check (kind in ('change', 'meaning')),
    -- change entries
    table_name  text,
    operation   text check (operation in ('INSERT', 'UPDATE', 'DELETE')),
    row_key     jsonb,
    old_values  jsonb,
    new_values  jsonb,
    -- meaning entries
    action      text,
    reason      text,
    details     jsonb,
    -- who and from where, as the application declared it for the transaction
    actor       text,
    request_id  text,
    -- the chain, filled in by audit.seal
    seq         bigint,
    prev_hash   bytea,
    hash        bytea,
    sealed_at   timestamptz,
    check ((kind = 'change') = (table_name is not null and operation is not null)),
    check ((kind = 'meaning') = (action is not null)),
    check ((seq is null) = (hash is null) and (seq is null) = (prev_hash is null))
);
create unique index entries_chain_seq_key on audit.entries (chain, seq) where seq is not null;
create index entries_pending on audit.entries (chain, id) where seq is null;
create index entries_tenant on audit.entries (tenant_id, id); -- a tenant's log, newest first, paged by id

alter table audit.entries enable row level security;
create policy tenant_isolation on audit.entries
    using (tenant_id = platform.current_tenant());

-- The head of each chain: what the next sealed entry links to. The anchor is where the chain now
-- starts: the last entry removed by the retention purge (seq 0 and zero hash until anything is purged).
create table audit.chains (
    chain       uuid primary key,
    last_seq    bigint not null default 0,
    last_hash   bytea not null default '\x0000000000000000000000000000000000000000000000000000000000000000',
    anchor_seq  bigint not null default 0,
    anchor_hash bytea not null default '\x0000000000000000000000000000000000000000000000000000000000000000',
    sealed_at   timestamptz
);

-- Readable (entries under row-level security), never writable, by the runtime role.
select platform.register_platform_table('audit.entries', 'SELECT');
select platform.register_platform_table('audit.chains', 'SELECT');

-- Column names whose values never enter the log: password hashes, secrets, TOTP seeds, tokens and
-- their digests (recovery codes are short enough to be guessed from a digest), session ids (a bearer
-- secret in the session cookie) and serialised session attributes (CSRF tokens). An UPDATE that
-- changes such a column still shows that it changed, with the value masked; a row key is masked too.
create function audit.masked(row_values jsonb) returns jsonb
    language plpgsql immutable strict parallel safe
as $$
declare
    k text;
begin
    for k in select jsonb_object_keys(row_values) loop
        if k ~* '(password|passwd|secret|token|totp|recovery|private_key|api_key|sha256|digest|_hash$|session_id$|_bytes$)'
           and row_values -> k <> 'null'::jsonb then
            row_values := jsonb_set(row_values, array[k], '"[masked]"'::jsonb);
        end if;
    end loop;
    return row_values;
end $$;

-- The row trigger attached to every registered table by platform.attach_audit_trigger. Arguments: the
-- table's kind ('tenant' or 'platform') and its primary key columns. Tenant rows go to the chain of
-- the row's tenant, platform rows to the platform chain. An UPDATE records only the changed columns.
create function audit.capture_change() returns trigger
    language plpgsql security definer
    set search_path = pg_catalog, pg_temp
as $$
declare
    old_row jsonb;
    new_row jsonb;
    key_row jsonb := '{}'::jsonb;
    tenant uuid;
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
        select coalesce(jsonb_object_agg(n.key, o.value), '{}'::jsonb),
               coalesce(jsonb_object_agg(n.key, n.value), '{}'::jsonb)
          into old_row, new_row
          from jsonb_each(new_row) n
          left join jsonb_each(old_row) o on o.key = n.key
         where o.value is distinct from n.value;
    end if;
    insert into audit.entries
        (tenant_id, kind, table_name, operation, row_key, old_values, new_values, actor, request_id)
    values (tenant, 'change', format('%I.%I', tg_table_schema, tg_table_name), tg_op, audit.masked(key_row),
            audit.masked(old_row), audit.masked(new_row),
            nullif(current_setting('tokuten.actor', true), ''),
            nullif(current_setting('tokuten.request_id', true), ''));
    return null;
end $$;

-- A meaning entry: an action with a human reason, in the current tenant's chain (the platform chain
-- when no tenant is bound), in the caller's transaction.
create function audit.record(action text, reason text, details jsonb) returns bigint
    language plpgsql security definer
    set search_path = pg_catalog, pg_temp
as $$
declare
    new_id bigint;
begin
    if action is null or action !~ '^[a-z][a-z0-9_.-]{0,99}$' then
        raise exception 'audit action must be a lower-case dotted name: %', action;
    end if;
    insert into audit.entries (tenant_id, kind, action, reason, details, actor, request_id)
    values (platform.current_tenant(), 'meaning', action, reason, coalesce(details, '{}'::jsonb),
            nullif(current_setting('tokuten.actor', true), ''),
            nullif(current_setting('tokuten.request_id', true), ''))
    returning id into new_id;
    return new_id;
end $$;

-- masked, canonical and entry_hash have no search_path of their own (a SET clause would cost a
-- configuration change per call and keep the SQL functions from being inlined): they are called only
-- by the security definer functions here, which fix it, and nobody else may execute them.

-- What an entry's hash covers: every column but the hashes themselves and sealed_at, in a fixed
-- order, as jsonb text (deterministic) with the time in UTC to the microsecond.
create function audit.canonical(e audit.entries) returns text
    language sql stable
as $$
    select jsonb_build_array(
               e.id, e.tenant_id, e.seq,
               to_char(e.recorded_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
               e.txid, e.kind, e.table_name, e.operation, e.row_key, e.old_values, e.new_values,
               e.action, e.reason, e.details, e.actor, e.request_id)::text
$$;

create function audit.entry_hash(prev_hash bytea, e audit.entries) returns bytea
    language sql stable
as $$ select sha256(prev_hash || convert_to(audit.canonical(e), 'UTF8')) $$;

-- Links up to max_entries committed, unsealed entries into their chains, oldest id first, and returns
-- how many it sealed. Chains another sealer is working on are skipped (wait = false) or waited for.
create function audit.seal(max_entries int default 1000, wait boolean default false) returns int
    language plpgsql security definer
    set search_path = pg_catalog, pg_temp
as $$
declare
    c uuid;
    head audit.chains;
    e audit.entries;
    sealed int := 0;
    ids bigint[];
    seqs bigint[];
    prevs bytea[];
    hashes bytea[];
begin
    -- The chains with unsealed entries, one index probe per chain (a loose index scan of
    -- entries_pending) rather than a pass over every unsealed entry.
    for c in with recursive pending (chain) as (
                 select (select p.chain from audit.entries p where p.seq is null order by p.chain limit 1)
                 union all
                 select (select p.chain from audit.entries p
                          where p.seq is null and p.chain > pending.chain order by p.chain limit 1)
                   from pending where pending.chain is not null)
             select pending.chain from pending where pending.chain is not null loop
        exit when sealed >= max_entries;
        insert into audit.chains (chain) values (c) on conflict do nothing;
        if wait then
            select * into head from audit.chains h where h.chain = c for update;
        else
            select * into head from audit.chains h where h.chain = c for update skip locked;
            continue when not found;
        end if;
        ids := '{}';
        seqs := '{}';
        prevs := '{}';
        hashes := '{}';
        for e in select * from audit.entries p
                  where p.chain = c and p.seq is null
                  order by p.id
                  limit max_entries - sealed loop
            e.seq := head.last_seq + 1;
            e.prev_hash := head.last_hash;
            e.hash := audit.entry_hash(e.prev_hash, e);
            ids := ids || e.id;
            seqs := seqs || e.seq;
            prevs := prevs || e.prev_hash;
            hashes := hashes || e.hash;
            head.last_seq := e.seq;
            head.last_hash := e.hash;
        end loop;
        update audit.entries t
           set seq = u.seq, prev_hash = u.prev_hash, hash = u.hash, sealed_at = clock_timestamp()
          from unnest(ids, seqs, prevs, hashes) as u(id, seq, prev_hash, hash)
         where t.id = u.id;
        update audit.chains set last_seq = head.last_seq, last_hash = head.last_hash, sealed_at = clock_timestamp()
         where chain = c;
        sealed := sealed + cardinality(ids);
    end loop;
    return sealed;
end $$;

-- Recomputes one chain (or every chain when chain_id is null) from its anchor to its head. One row per
-- chain: how many entries were checked and, if the chain is broken, the first entry found wrong and
-- what is wrong with it. Entries not yet sealed are counted as pending, not checked.
create function audit.verify(chain_id uuid default null)
    returns table (chain uuid, checked bigint, pending bigint, first_bad_entry bigint, problem text)
    language plpgsql security definer
    set search_path = pg_catalog, pg_temp
as $$
declare
    head audit.chains;
    e audit.entries;
    expected_seq bigint;
    prev bytea;
    prev_id bigint;
begin
    for head in select * from audit.chains h
                 where chain_id is null or h.chain = chain_id
                 order by h.chain loop
        -- The head as it is now (a sealer or a purge may have moved it since the loop began).
        select * into head from audit.chains h where h.chain = head.chain;
        chain := head.chain;
        checked := 0;
        first_bad_entry := null;
        problem := null;
        select count(*) into pending from audit.entries p where p.chain = head.chain and p.seq is null;
        expected_seq := head.anchor_seq + 1;
        prev := head.anchor_hash;
        prev_id := null;
        for e in select * from audit.entries p
                  where p.chain = head.chain and p.seq is not null and p.seq <= head.last_seq
                  order by p.seq loop
            if e.seq < expected_seq then
                first_bad_entry := e.id;
                problem := format('entry %s has position %s, before the start of the chain at %s: moved or inserted',
                                  e.id, e.seq, expected_seq);
            elsif e.seq > expected_seq then
                first_bad_entry := e.id;
                problem := format('entries at positions %s to %s are missing before entry %s: deleted',
                                  expected_seq, e.seq - 1, e.id);
            elsif e.prev_hash is distinct from prev then
                first_bad_entry := e.id;
                problem := format('entry %s (position %s) does not link to %s: reordered, or an entry before it was replaced',
                                  e.id, e.seq, coalesce('entry ' || prev_id, 'the start of the chain'));
            elsif e.hash is distinct from audit.entry_hash(e.prev_hash, e) then
                first_bad_entry := e.id;
                problem := format('entry %s (position %s) was changed after it was sealed', e.id, e.seq);
            end if;
            exit when problem is not null;
            checked := checked + 1;
            expected_seq := e.seq + 1;
            prev := e.hash;
            prev_id := e.id;
        end loop;
        if problem is null and expected_seq - 1 <> head.last_seq then
            problem := format('entries at positions %s to %s are missing at the end of the chain: deleted',
                              expected_seq, head.last_seq);
        elsif problem is null and prev is distinct from head.last_hash then
            first_bad_entry := prev_id;
            problem := format('the last entry %s does not match the head of the chain: changed or replaced',
                              prev_id);
        end if;
        if problem is null then
            -- A sealed entry past the head was inserted behind the sealer's back.
            select * into e from audit.entries p
             where p.chain = head.chain and p.seq > head.last_seq order by p.seq limit 1;
            if found then
                first_bad_entry := e.id;
                problem := format('entry %s has position %s beyond the head of its chain: inserted', e.id, e.seq);
            end if;
        end if;
        return next;
    end loop;
    -- A sealed entry of a chain that has no head at all was inserted behind the sealer's back.
    for e in select * from audit.entries p
              where (chain_id is null or p.chain = chain_id) and p.seq is not null
                and not exists (select 1 from audit.chains h where h.chain = p.chain)
              order by p.id limit 1 loop
        chain := e.chain;
        checked := 0;
        pending := 0;
        first_bad_entry := e.id;
        problem := format('entry %s has position %s beyond the head of its chain: inserted', e.id, e.seq);
        return next;
    end loop;
end $$;

-- Every chain that has a head or a sealed entry (one index probe per chain), for callers that verify
-- chain by chain so that no single statement holds a snapshot for the whole log.
create function audit.chain_ids() returns setof uuid
    language sql stable security definer
    set search_path = pg_catalog, pg_temp
as $$
    with recursive sealed (chain) as (
        select (select p.chain from audit.entries p where p.seq is not null order by p.chain limit 1)
        union all
        select (select p.chain from audit.entries p
                 where p.seq is not null and p.chain > sealed.chain order by p.chain limit 1)
          from sealed where sealed.chain is not null)
    select chain from sealed where chain is not null
    union
    select h.chain from audit.chains h
    order by 1
$$;

-- Retention: removes, from the start of one chain, the sealed entries recorded more than
-- retention_days ago, stopping at the first entry that is newer (so nothing newer is ever removed).
-- The last removed entry becomes the chain's anchor, from which verify starts: what remains stays
-- verifiable. Each purge is itself recorded in the platform chain. Fewer than 30 days is refused, so a
-- compromised application cannot empty the log. One chain per call, so each is its own transaction.
create function audit.purge(chain_id uuid, retention_days int) returns bigint
    language plpgsql security definer
    set search_path = pg_catalog, pg_temp
as $$
declare
    cutoff timestamptz;
    head audit.chains;
    through bigint;
    removed bigint;
begin
    if retention_days is null or retention_days < 30 then
        raise exception 'audit retention must be at least 30 days: %', retention_days;
    end if;
    cutoff := now() - make_interval(days => retention_days);
    select * into head from audit.chains h where h.chain = chain_id for update;
    if not found then
        return 0;
    end if;
    select coalesce(min(p.seq) - 1, head.last_seq) into through
      from audit.entries p
     where p.chain = head.chain and p.seq > head.anchor_seq and p.recorded_at >= cutoff;
    if through <= head.anchor_seq then
        return 0;
    end if;
    update audit.chains
       set anchor_seq = through,
           anchor_hash = (select p.hash from audit.entries p where p.chain = head.chain and p.seq = through)
     where chain = head.chain;
    delete from audit.entries p where p.chain = head.chain and p.seq is not null and p.seq <= through;
    get diagnostics removed = row_count;
    insert into audit.entries (tenant_id, kind, action, reason, details, actor, request_id)
    values (null, 'meaning', 'audit.purged', 'retention of ' || retention_days || ' days',
            jsonb_build_object('chain', head.chain, 'through_position', through, 'removed', removed,
                               'recorded_before', cutoff),
            nullif(current_setting('tokuten.actor', true), ''), null);
    return removed;
end $$;

revoke all on function audit.masked(jsonb) from public;
revoke all on function audit.capture_change() from public;
revoke all on function audit.canonical(audit.entries) from public;
revoke all on function audit.entry_hash(bytea, audit.entries) from public;
-- audit.record, audit.seal, audit.verify and audit.purge stay executable by the runtime role.

-- Attach the trigger to every table registered before this migration ran (see platform V2).
select platform.attach_audit_trigger(table_name::regclass) from platform.registered_tables;
