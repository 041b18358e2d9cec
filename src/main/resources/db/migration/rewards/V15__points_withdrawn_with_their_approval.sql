-- Points an approved entry earned are taken back when its approval is withdrawn (rejected or sent back to
-- review after approval) and earned again when it is approved again (decision 152). What each entry has
-- credited now is kept per entry: a credit only from 0, a withdrawal only from more than 0, each one
-- conditional statement, so events arriving twice change nothing. The ledger keeps every movement, so an
-- entry may now have several rows.
create table rewards.entry_points (
    tenant_id    uuid        not null,
    entry_id     uuid        not null,
    entrant_id   uuid        not null,
    campaign_id  uuid        not null,
    credited     bigint      not null check (credited >= 0),
    updated_at   timestamptz not null,
    primary key (tenant_id, entry_id)
);
select platform.register_tenant_table('rewards.entry_points', 'SELECT, INSERT, UPDATE');

insert into rewards.entry_points (tenant_id, entry_id, entrant_id, campaign_id, credited, updated_at)
select tenant_id, entry_id, entrant_id, campaign_id, points, created_at
  from rewards.point_ledger where entry_id is not null and points > 0;

drop index rewards.point_ledger_entry;
create index point_ledger_by_entry on rewards.point_ledger (tenant_id, entry_id) where entry_id is not null;
