-- Points and stamps (ポイント・スタンプ), docs/modules/rewards.md: a balance per entrant and campaign, and the
-- ledger of every change. A change is one statement that writes both: a spend counts the balance down only
-- while it stays at or above zero (check below besides), so two spends at once can never overdraw it.
create table rewards.point_balances (
    tenant_id    uuid        not null,
    entrant_id   uuid        not null,
    campaign_id  uuid        not null,
    balance      bigint      not null check (balance >= 0),
    updated_at   timestamptz not null,
    primary key (tenant_id, entrant_id, campaign_id)
);
select platform.register_tenant_table('rewards.point_balances');
select platform.exempt_from_audit('rewards.point_balances',
    'derived from rewards.point_ledger: every change of a balance is a ledger row inserted, which is captured');

create table rewards.point_ledger (
    tenant_id    uuid        not null,
    id           uuid        not null,
    entrant_id   uuid        not null,
    campaign_id  uuid        not null,
    points       bigint      not null check (points <> 0 and points between -100000000 and 100000000),
    reason       text        not null check (length(reason) between 1 and 100),
    entry_id     uuid,
    created_at   timestamptz not null,
    primary key (tenant_id, id),
    foreign key (tenant_id, entrant_id, campaign_id)
        references rewards.point_balances (tenant_id, entrant_id, campaign_id)
);
-- an approved entry earns once, whatever events arrive again
create unique index point_ledger_entry on rewards.point_ledger (tenant_id, entry_id) where entry_id is not null;
create index point_ledger_by_entrant on rewards.point_ledger (tenant_id, entrant_id, created_at);
select platform.register_tenant_table('rewards.point_ledger');
